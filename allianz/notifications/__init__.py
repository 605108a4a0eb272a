"""In-app notifications (and mail) about invitations, join requests, answers, status changes, comments."""
from .service import mail_pending, notify, tell_coordinators, unread_count

__all__ = ["mail_pending", "notify", "tell_coordinators", "unread_count"]
