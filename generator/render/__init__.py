"""Stage 5: the linked site -> Markdown pages, chart figures and static assets."""
