"""Running the report notebooks: warm kernels, papermill, export, PDF, publishing the official set."""
