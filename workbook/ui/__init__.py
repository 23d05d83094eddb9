"""ipywidgets views over the pure modules; nothing below imports this package."""
