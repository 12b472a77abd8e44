"""The domain: regions, people, meetings, trade figures and sectors, their review and their reads."""
