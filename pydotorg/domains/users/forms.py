"""Forms for logging in and account management."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField(
        "Username or email", validators=[DataRequired(), Length(max=254)]
    )
    password = PasswordField("Password", validators=[DataRequired()])
