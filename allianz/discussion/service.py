"""Comments, supports and follows of an idea; a comment notifies the idea's followers in its transaction."""
import uuid

from .. import visibility, writes
from ..db import query, query_one
from ..exceptions import AllianzError, NotFound
from ..ideas.service import is_team_member
from ..listing import Page
from ..notifications import coordinators, mail_pending, notify_groups
from ..vocabulary import UNDER_REVIEW
from . import queries

EDIT_MINUTES = 15


COMMENTS_PER_PAGE = 50


def of_idea(project, user, comment_page=None):
    """What the page of `project` (an idea as `ideas.service.idea` gives it, with its team) shows of its
    discussion: one page of comments (for people logged in; the newest page unless `comment_page` asks for
    another), supporters, whether `user` may support it and follows it, and how long a comment stays editable."""
    project_id = project["id"]
    logged_in = getattr(user, "is_authenticated", False)
    partner_id = getattr(user, "partner_id", None) if logged_in else None
    page = comments_page(project_id, comment_page) if logged_in else None
    return {"comments": comments(project_id, page) if logged_in else [], "comment_page": page,
            "supporters": supporters(project_id),
            "may_support": bool(partner_id) and not is_team_member(project, user),
            "following": following(project_id, user.id) if logged_in else False,
            "edit_minutes": EDIT_MINUTES}


def comments_page(project_id, requested=None):
    """The page of the idea's comments to show (`listing.Page`): `requested` within bounds, else the newest."""
    total = query_one(queries.COUNT_COMMENTS, id=project_id)["total"]
    pages = Page(number=1, size=COMMENTS_PER_PAGE, total=total).pages
    number = pages if requested is None else min(max(int(requested), 1), pages)
    return Page(number=number, size=COMMENTS_PER_PAGE, total=total)


def comments(project_id, page=None):
    """One page of the idea's comments (all with `page` None), oldest first: {comment, author_id, author}."""
    skip, limit = (page.skip, page.size) if page is not None else (0, 2 ** 31)
    return query(queries.COMMENTS, id=project_id, minutes=EDIT_MINUTES, skip=skip, limit=limit)


def comment(comment_id):
    """One comment with its author, idea and whether its edit window is still open, or None."""
    return query_one(queries.COMMENT, id=comment_id, minutes=EDIT_MINUTES)


def add_comment(project_id, text, user):
    """Write a comment when `user` may see the idea (NotFound otherwise: unknown and hidden alike), audited on the
    idea, and notify its followers in the same transaction, and the coordinators too while the idea is under review
    (submitted). The visibility check, the write and the followers are one statement: a comment is the app's most
    frequent write. Returns the comment's id."""
    comment_id = uuid.uuid4().hex

    def change(tx):
        row = tx.run(queries.ADD_COMMENT, id=comment_id, project_id=project_id, text=text,
                     **visibility.viewer_params(user)).single()
        if row is None:
            raise NotFound(f"Project {project_id}")
        project, followers = row["project"], row["followers"]
        groups = [(followers, "comment", None)]
        if project["status"] in UNDER_REVIEW:
            groups.append((coordinators(tx, user.id), "review", "comment"))
        notify_groups(tx, groups, project, actor_name=user.name)
        return None, {"comment": text}
    writes.unit_of_work(change, actor_id=user.id, action="comment.add", target_label="Project",
                       target_id=project_id, domain=False)
    mail_pending()
    return comment_id


def edit_comment(comment_id, text, user):
    """The author changes the text within the edit window (audited on the idea); False when it has closed."""
    def change(tx):
        before = own_comment_in(tx, comment_id, user)
        done = tx.run(queries.EDIT_COMMENT, id=comment_id, user_id=user.id, text=text, minutes=EDIT_MINUTES).single()
        after = {"comment": text} if done is not None else {"comment": before["text"]}
        return {"comment": before["text"]}, after, done is not None
    return writes.unit_of_work(change, actor_id=user.id, action="comment.edit", target_label="Project",
                              target_id=project_of(comment_id), domain=False)["result"]


def delete_comment(comment_id, user):
    """The author deletes the comment (audited on the idea, with the text it had)."""
    def change(tx):
        before = own_comment_in(tx, comment_id, user)
        tx.run(queries.DELETE_COMMENT, id=comment_id, user_id=user.id).consume()
        return {"comment": before["text"]}, {"comment": None}
    writes.unit_of_work(change, actor_id=user.id, action="comment.delete", target_label="Project",
                       target_id=project_of(comment_id), domain=False)


def project_of(comment_id):
    """The id of the idea a comment is on (NotFound when the comment is gone)."""
    found = comment(comment_id)
    if found is None:
        raise NotFound(f"Comment {comment_id}")
    return found["project_id"]


def own_comment_in(tx, comment_id, user):
    """Inside a write: the author's comment {text, project_id}, locked (NotFound when gone or not theirs)."""
    row = tx.run(queries.OWN_COMMENT, id=comment_id, user_id=user.id).single()
    if row is None:
        raise NotFound(f"Comment {comment_id}")
    return row.data()


def hide_comment(found, reason, user):
    """A coordinator hides a comment with a reason (audited on the idea)."""
    def change(tx):
        row = tx.run(queries.HIDE_COMMENT, id=found["comment"]["id"], reason=reason).single()
        if row is None:
            raise NotFound(f"Comment {found['comment']['id']}")
        return {"comment.hidden": row["before"]}, {"comment.hidden": reason}
    writes.unit_of_work(change, actor_id=user.id, action="comment.hide", target_label="Project",
                       target_id=found["project_id"], domain=False)


def supporters(project_id):
    """The partners that support the idea, by name."""
    return query(queries.SUPPORTS, id=project_id)


class SupportRefused(AllianzError):
    """A partner of the idea's own team cannot support it."""


def set_support(project, user, on):
    """The person's partner supports the idea (one support per partner) or withdraws it; audited on the idea.
    A partner of the idea's team may withdraw an old support but not give one (SupportRefused)."""
    project_id = project["id"]
    if on and is_team_member(project, user):
        raise SupportRefused(project_id)
    params = {"id": project_id, "partner_id": user.partner_id}
    switch(queries.SUPPORTING, queries.SUPPORT if on else queries.UNSUPPORT, params, "support", on, user,
           project_id, action="support.add" if on else "support.withdraw")


def following(project_id, user_id):
    """True when the person follows the idea."""
    return query_one(queries.FOLLOWING, id=project_id, user_id=user_id)["following"]


def set_follow(project_id, user, on):
    """Follow the idea (comments and status changes are notified) or stop following; audited on the idea."""
    params = {"id": project_id, "user_id": user.id}
    switch(queries.FOLLOWING_LOCKED, queries.FOLLOW if on else queries.UNFOLLOW, params, "following", on, user,
           project_id, action="follow" if on else "unfollow")


def switch(read, write, params, name, on, user, project_id, action):
    """One on/off change in one unit of work: read the state under the idea's lock, write, audit when it moved.

    A second click with the same wish changes nothing and records nothing (no event twice).
    """
    def change(tx):
        row = tx.run(read, **params).single()
        if row is None:
            raise NotFound(f"Project {project_id}")
        tx.run(write, **params).consume()
        return {name: row[0]}, {name: bool(on)}
    return writes.unit_of_work(change, actor_id=user.id, action=action, target_label="Project",
                              target_id=project_id, domain=False)
