"""Maps the top-level resources/ folder into the package so that a wheel carries it."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["alize_desktop", "alize_desktop.*"]) + ["alize_desktop.resources"],
    package_dir={"alize_desktop.resources": "resources"},
    package_data={
        "alize_desktop.resources": ["**/*"],
        "alize_desktop.interchange": ["*.json"],
        "alize_desktop.migrations": ["*.mako"],
    },
    include_package_data=False,
)
