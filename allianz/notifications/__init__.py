"""In-app notifications (and mail) about invitations, join requests, answers, status changes, comments."""
from .service import coordinators, mail_pending, notify, notify_groups, tell_coordinators, unread_count

__all__ = ["coordinators", "mail_pending", "notify", "notify_groups", "tell_coordinators", "unread_count"]
