"""The package version, the single source for pyproject.toml and ``il2kg --version``."""

__version__ = "0.1.0"
