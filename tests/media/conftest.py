from tests.e2e.conftest import (
    browser_type_launch_args,
    chromium_path,
    open_page,
    pytest_collection_modifyitems,
)

__all__ = [
    "browser_type_launch_args",
    "chromium_path",
    "open_page",
    "pytest_collection_modifyitems",
]
