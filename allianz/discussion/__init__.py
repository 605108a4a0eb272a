"""Discussion and support of ideas: comments (edit for 15 minutes, delete, hidden by coordinators with a
reason), one support per partner, following an idea."""
