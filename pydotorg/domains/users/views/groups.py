"""The public directory of user groups and the form to suggest one."""

from __future__ import annotations

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pydotorg.core.forms import form_action
from pydotorg.core.pagination import paginate
from pydotorg.core.security import no_store
from pydotorg.domains.users.forms import (
    UserGroupForm,
)
from pydotorg.domains.users.models import (
    UserGroupType,
)
from pydotorg.domains.users.services.groups import UserGroupService
from pydotorg.domains.users.views import bp
from pydotorg.extensions import db

# -- user groups -----------------------------------------------------------------


@bp.route("/community/user-groups/")
def user_groups() -> str:
    type_name = request.args.get("type", "")
    url_type = UserGroupType.__members__.get(type_name)
    location = request.args.get("location", "")[:100]
    statement = UserGroupService(db.session).directory(
        url_type=url_type, location=location
    )
    return render_template(
        "users/user_groups.html",
        page=paginate(statement),
        types=list(UserGroupType),
        selected_type=url_type.name if url_type else "",
        location=location,
    )


@bp.route("/community/user-groups/submit/", methods=["GET", "POST"])
@no_store
@login_required
def user_group_submit() -> str | Response:
    form = UserGroupForm()
    if form.validate_on_submit():
        with form_action(form) as done:
            UserGroupService(db.session).submit(
                by=current_user._get_current_object(),
                name=form.name.data.strip(),
                location=form.location.data.strip(),
                url=form.url.data.strip(),
                url_type=UserGroupType[form.url_type.data],
                start_date=form.start_date.data,
            )
        if done.ok:
            flash(
                "Thank you! The group will be listed once staff have reviewed it.",
                "success",
            )
            return redirect(url_for("users.user_groups"))
    return render_template("users/user_group_form.html", form=form)
