"""Reports: report data, sections, charts, the notebook runner, kernels, HTML export, PDF printing."""
