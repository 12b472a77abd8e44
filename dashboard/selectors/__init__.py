"""Reads for the dashboard's pages: one call per page, a fixed number of queries whatever the data's size."""

from dashboard.selectors.article import article_page
from dashboard.selectors.compare import CompareParams, compare_page
from dashboard.selectors.overview import OverviewParams, overview
from dashboard.selectors.region import RegionParams, region_page
from dashboard.selectors.regions import RegionsParams, regions_page

__all__ = ["CompareParams", "OverviewParams", "RegionParams", "RegionsParams", "article_page", "compare_page",
           "overview", "region_page", "regions_page"]
