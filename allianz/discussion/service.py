"""Comments, supports and follows of an idea; a comment notifies the idea's followers in its transaction."""
import uuid

from .. import audit
from ..db import execute, query, query_one
from ..notifications import mail_pending, notify
from . import queries

EDIT_MINUTES = 15


def comments(project_id):
    """The idea's comments, oldest first: {comment, author_id, author}."""
    return query(queries.COMMENTS, id=project_id, minutes=EDIT_MINUTES)


def comment(comment_id):
    """One comment with its author, idea and whether its edit window is still open, or None."""
    return query_one(queries.COMMENT, id=comment_id, minutes=EDIT_MINUTES)


def add_comment(project, text, user):
    """Write a comment (audited on the idea) and notify the idea's followers in the same transaction."""
    comment_id = uuid.uuid4().hex

    def change(tx):
        tx.run(queries.ADD_COMMENT, id=comment_id, user_id=user.id, project_id=project["id"], text=text).consume()
        followers = tx.run(queries.FOLLOWERS, id=project["id"], except_user=user.id).single()["users"]
        notify(tx, followers, "comment", project, actor_name=user.name)
        return None, {"comment": text}
    audit.unit_of_work(change, actor_id=user.id, action="comment.add", target_label="Project",
                       target_id=project["id"], domain=False)
    mail_pending()
    return comment_id


def edit_comment(comment_id, text, user):
    """The author changes the text within the edit window; False when the window has closed."""
    return bool(execute(queries.EDIT_COMMENT, id=comment_id, user_id=user.id, text=text, minutes=EDIT_MINUTES))


def delete_comment(comment_id, user):
    """The author deletes the comment."""
    return execute(queries.DELETE_COMMENT, id=comment_id, user_id=user.id)[0]["n"] > 0


def hide_comment(found, reason, user):
    """A coordinator hides a comment with a reason (audited on the idea)."""
    def change(tx):
        tx.run(queries.HIDE_COMMENT, id=found["comment"]["id"], reason=reason).consume()
        return {"comment.hidden": None}, {"comment.hidden": reason}
    audit.unit_of_work(change, actor_id=user.id, action="comment.hide", target_label="Project",
                       target_id=found["project_id"], domain=False)


def supporters(project_id):
    """The partners that support the idea, by name."""
    return query(queries.SUPPORTS, id=project_id)


def set_support(project_id, partner_id, on):
    """The partner supports the idea (one support per partner) or withdraws its support."""
    execute(queries.SUPPORT if on else queries.UNSUPPORT, id=project_id, partner_id=partner_id)


def following(project_id, user_id):
    """True when the person follows the idea."""
    return query_one(queries.FOLLOWING, id=project_id, user_id=user_id)["following"]


def set_follow(project_id, user_id, on):
    """Follow the idea (comments and status changes are notified) or stop following."""
    execute(queries.FOLLOW if on else queries.UNFOLLOW, id=project_id, user_id=user_id)
