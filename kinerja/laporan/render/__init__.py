"""The renderers: HTML, .docx, page numbers, PDF printing in a browser, HTML export, Excel, charts. They only render what the model and the sections hand them."""
