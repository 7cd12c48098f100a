"""File formats: scenario files and their migrations, stories, share codes, and how a scenario travels inside an HTML or PDF briefing."""
