"""A province onboards from one workbook: its union tree (sheet 工会) and its accounts (sheet 账号).

`plan()` reads the workbook through unions.imports (every row through a form below, every error
naming sheet, row and column), checks the file as a whole against the tree — a parent known in the
file or the database and within the importing administrator's union (the subtree rule of
unions.access), no union above its parent's level (`Union.levels_allowed`), no union moved, no
account of another branch taken over — and says what would be created, changed and left alone.
`apply()` plans again and writes it in one transaction: the new unions by bulk inserts with their
materialised paths computed here (treebeard's own add_child saves one node at a time and reads its
parent again each time), the accounts, memberships and guardian grants by bulk inserts too. The same
file applied again changes nothing. A new account with an e-mail address gets a link to set its
password (Django's password-reset token); one without gets a one-time code that the result page
shows once and that is kept only as its SHA-256 (`User.setup_code_hash`).
"""

import hashlib
import hmac
import secrets
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import access, imports, pinyin
from .imports import ImportColumn, RowError
from .models import ROLE_PERMISSIONS, Membership, Ownership, Role, Union, UnionUserObjectPermission
from .uploads import clean_text

User = get_user_model()

UNIONS_SHEET = pgettext_lazy("onboarding sheet", "Unions")
ACCOUNTS_SHEET = pgettext_lazy("onboarding sheet", "Accounts")
# A province: a few thousand unions and ten thousand accounts, with room to spare.
MAX_ROWS = 20_000
PREVIEW_ROWS = 20
UNION_FIELDS = ("name", "level", "unit", "region", "industry", "ownership")
ACCOUNT_FIELDS = ("full_name", "phone", "email")


class WorkbookForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


# --- the rows: read by the importer, checked by these forms ---------------------------------------


class UnionRowForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("short code"), max_length=40)
    name = forms.CharField(label=gettext_lazy("name"), max_length=100)
    level = forms.ChoiceField(label=gettext_lazy("level"), choices=Union.Level.choices)
    unit = forms.CharField(label=gettext_lazy("unit it belongs to"), max_length=150, required=False)
    region = forms.CharField(label=gettext_lazy("region"), max_length=100, required=False)
    industry = forms.CharField(label=gettext_lazy("industry"), max_length=100, required=False)
    ownership = forms.ChoiceField(
        label=gettext_lazy("ownership"), choices=[("", "—"), *Ownership.choices], required=False
    )
    parent_code = forms.CharField(
        label=gettext_lazy("code of the parent union"), max_length=40, required=False
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "unit", "region", "industry", "parent_code"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = clean_text(cleaned[name]).strip()
        return cleaned


class AccountRowForm(forms.Form):
    username = forms.RegexField(
        label=gettext_lazy("username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": gettext_lazy("Use letters, digits and @ . + - _ only.")},
    )
    full_name = forms.CharField(label=gettext_lazy("real name"), max_length=50)
    phone = forms.RegexField(
        label=gettext_lazy("phone"),
        max_length=20,
        required=False,
        regex=r"^[0-9+\- ]{5,20}\Z",
        error_messages={"invalid": gettext_lazy("Enter a phone number of digits, spaces, + or -.")},
    )
    email = forms.EmailField(label=gettext_lazy("e-mail"), required=False)
    union_code = forms.CharField(label=gettext_lazy("code of the union"), max_length=40)
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=Role.choices)

    def clean_full_name(self):
        return clean_text(self.cleaned_data["full_name"]).strip()


def _text(value, context=None):
    return imports.as_text(value)


UNION_COLUMNS = [
    ImportColumn(gettext_lazy("short code"), "code", _text, "zj-energy", required=True, width=16),
    ImportColumn(gettext_lazy("name"), "name", _text, "浙江省能源集团有限公司工会", required=True, width=30),
    ImportColumn(
        gettext_lazy("level"),
        "level",
        imports.choice(Union.Level.choices),
        Union.Level.CITY_OR_COMPANY.label,
        required=True,
        width=22,
    ),
    ImportColumn(gettext_lazy("unit it belongs to"), "unit", _text, "浙江省能源集团有限公司", width=26),
    ImportColumn(gettext_lazy("region"), "region", _text, "杭州市", width=12),
    ImportColumn(gettext_lazy("industry"), "industry", _text, "电力", width=12),
    ImportColumn(
        gettext_lazy("ownership"),
        "ownership",
        imports.choice(Ownership.choices),
        Ownership.STATE.label,
        width=14,
    ),
    ImportColumn(gettext_lazy("code of the parent union"), "parent_code", _text, "zj", width=16),
]

ACCOUNT_COLUMNS = [
    ImportColumn(gettext_lazy("username"), "username", _text, "zhang_san", required=True, width=16),
    ImportColumn(gettext_lazy("real name"), "full_name", _text, "张三", required=True, width=12),
    ImportColumn(gettext_lazy("phone"), "phone", _text, "13800000000", width=14),
    ImportColumn(gettext_lazy("e-mail"), "email", _text, "zhangsan@example.cn", width=24),
    ImportColumn(
        gettext_lazy("code of the union"), "union_code", _text, "zj-energy", required=True, width=16
    ),
    ImportColumn(gettext_lazy("role"), "role", imports.choice(Role.choices), Role.ADMIN.label, required=True),
]


def notes():
    return [
        _(
            "Sheet “%(unions)s”: one union per row from row 2 on; row 2 of the template is an example, replace it."
        )
        % {"unions": UNIONS_SHEET},
        _("Sheet “%(accounts)s”: one role of one account per row; it may stay empty.")
        % {"accounts": ACCOUNTS_SHEET},
        _("Columns marked in the header row must keep their names; the order of the columns is free."),
        _("level") + "：" + "、".join(str(label) for _code, label in Union.Level.choices),
        _("ownership") + "：" + "、".join(str(label) for _code, label in Ownership.choices),
        _("role") + "：" + "、".join(str(label) for _code, label in Role.choices),
        _(
            "The parent of a union is named by its code: a union earlier or later in the file, or one "
            "already on the platform within your union. A union sits below its parent's level."
        ),
        _("A union already on the platform (same code) is updated; it is not moved to another parent."),
        _(
            "An account with an e-mail address gets a link to set its password; one without gets a "
            "one-time code shown once after the import, for you to hand over."
        ),
        _("The file is checked whole and shown before anything is saved; applying it again changes nothing."),
    ]


def template_response():
    return imports.template_response(
        filename=_("union tree and accounts") + "-" + _("import template") + ".xlsx",
        sheets=[(UNIONS_SHEET, UNION_COLUMNS), (ACCOUNTS_SHEET, ACCOUNT_COLUMNS)],
        notes=notes(),
    )


# --- the plan: what the file would create, change and leave alone --------------------------------


@dataclass
class Plan:
    errors: list = field(default_factory=list)
    new_unions: list = field(default_factory=list)  # (row number, cleaned row)
    changed_unions: list = field(default_factory=list)  # (row number, union, {field: (before, after)})
    same_unions: list = field(default_factory=list)  # (row number, union)
    new_accounts: list = field(default_factory=list)  # (row number, cleaned row) — the account's first row
    changed_accounts: list = field(
        default_factory=list
    )  # (row number, user, {field: (before, after)}, [roles])
    same_accounts: list = field(default_factory=list)  # (row number, user)
    new_roles: list = field(default_factory=list)  # (username, union code, role) for the new accounts

    @property
    def changes_nothing(self):
        return not (self.new_unions or self.changed_unions or self.new_accounts or self.changed_accounts)


def _form_rows(parsed, errors, form_class, sheet):
    """The rows that pass their form, as (row number, cleaned data, places); the others' errors
    added to `errors` (a cell its converter refused is not named twice)."""
    rows, failed = [], {(e.row, e.column) for e in errors}
    failed_rows = {e.row for e in errors}
    for number, data, places in parsed:
        form = form_class(data)
        if form.is_valid() and number not in failed_rows:
            rows.append((number, form.cleaned_data, places))
            continue
        for name, messages in form.errors.items():
            column, letter = places.get(name, ("", ""))
            if not column and name != "__all__" and name in form.fields:
                column = str(form.fields[name].label)
            if (number, column) in failed:
                continue
            errors.extend(RowError(number, column, letter, str(m), sheet=sheet) for m in messages)
    return rows


class _Errors(list):
    def add(self, sheet, number, places, name, reason):
        column, letter = places.get(name, ("", ""))
        self.append(RowError(number, column, letter, reason, sheet=sheet))


def plan(upload, *, root, by):
    """Read the workbook and check it whole against the tree under `root` (the administrator's union)."""
    unions_sheet, accounts_sheet = str(UNIONS_SHEET), str(ACCOUNTS_SHEET)
    sheets = imports.read_sheets(
        upload,
        sheets={unions_sheet: UNION_COLUMNS, accounts_sheet: ACCOUNT_COLUMNS},
        max_rows=MAX_ROWS,
        may_be_empty=(accounts_sheet,),
    )
    union_rows = _form_rows(*sheets[unions_sheet], UnionRowForm, unions_sheet)
    account_rows = _form_rows(*sheets[accounts_sheet], AccountRowForm, accounts_sheet)
    errors = _Errors(sheets[unions_sheet][1] + sheets[accounts_sheet][1])
    result = Plan(errors=errors)
    if errors:
        return _sorted(result)
    if not access.can(by, access.MANAGE, root):
        raise ValidationError(_("You may not manage this union."), code="scope")

    # The unions -----------------------------------------------------------------------------
    by_code, seen = {}, {}
    for number, row, places in union_rows:
        if row["code"] in seen:
            errors.add(
                unions_sheet,
                number,
                places,
                "code",
                _("The code %(code)s is already used in row %(row)d.")
                % {"code": row["code"], "row": seen[row["code"]]},
            )
            continue
        seen[row["code"]] = number
        by_code[row["code"]] = (number, row, places)
    wanted = set(by_code) | {row["parent_code"] for _n, row, _p in union_rows if row["parent_code"]}
    wanted |= {row["union_code"] for _n, row, _p in account_rows}
    known = {u.code: u for u in Union.objects.filter(code__in=wanted)}
    parents_of = {}  # existing union code -> its parent in the database (None: a root)
    paths = {u.path[: -Union.steplen] for u in known.values() if u.depth > 1}
    by_path = {u.path: u for u in Union.objects.filter(path__in=paths)}
    for code, union in known.items():
        parents_of[code] = by_path.get(union.path[: -Union.steplen])

    def level_of(code):
        if code in by_code:
            return by_code[code][1]["level"]
        return known[code].level

    for code, (number, row, places) in by_code.items():
        existing = known.get(code)
        parent_code = row["parent_code"]
        if existing is not None:
            if not root.contains(existing):
                errors.add(
                    unions_sheet,
                    number,
                    places,
                    "code",
                    _("The code %(code)s belongs to a union outside your union.") % {"code": code},
                )
                continue
            current_parent = parents_of[code]
            if existing.pk == root.pk:
                # The administrator's own union: its place in the tree stays; its parent lies above the scope.
                if parent_code and parent_code != getattr(current_parent, "code", None):
                    errors.add(
                        unions_sheet,
                        number,
                        places,
                        "parent_code",
                        _("A union already on the platform is not moved by an import; move it on the tree."),
                    )
                    continue
                parent_level = current_parent.level if current_parent else None
            elif parent_code != getattr(current_parent, "code", ""):
                errors.add(
                    unions_sheet,
                    number,
                    places,
                    "parent_code",
                    _("A union already on the platform is not moved by an import; move it on the tree."),
                )
                continue
            else:
                parent_level = level_of(parent_code)
        else:
            if not parent_code:
                errors.add(
                    unions_sheet, number, places, "parent_code", _("Name the parent union by its code.")
                )
                continue
            if parent_code not in by_code:
                parent = known.get(parent_code)
                if parent is None or not root.contains(parent):
                    errors.add(
                        unions_sheet,
                        number,
                        places,
                        "parent_code",
                        _("No union with the code %(code)s in the file or within your union.")
                        % {"code": parent_code},
                    )
                    continue
            parent_level = level_of(parent_code)
        if row["level"] not in Union.levels_allowed(parent_level):
            errors.add(
                unions_sheet,
                number,
                places,
                "level",
                _("A union at this level cannot sit below its parent (%(parent)s).")
                % {"parent": Union.Level(parent_level).label if parent_level else "—"},
            )
    # Unions created in this file must reach a union of the platform through their parents.
    for code, (number, _row, places) in by_code.items():
        chain, current = set(), code
        while current in by_code and current not in known:
            if current in chain:
                errors.add(
                    unions_sheet,
                    number,
                    places,
                    "parent_code",
                    _("The parents of this union go round in a circle."),
                )
                break
            chain.add(current)
            current = by_code[current][1]["parent_code"]
    # An existing union whose level changes must still sit above its children already on the platform.
    for code, (number, row, places) in by_code.items():
        existing = known.get(code)
        if existing is not None and existing.level != row["level"] and existing.numchild:
            levels = set(
                Union.objects.filter(path__startswith=existing.path, depth=existing.depth + 1).values_list(
                    "level", flat=True
                )
            )
            if row["level"] not in Union.levels_allowed(None, levels):
                errors.add(
                    unions_sheet,
                    number,
                    places,
                    "level",
                    _(
                        "This level does not fit the union's place in the tree (its parent's and its children's levels)."
                    ),
                )
    if errors:
        return _sorted(result)
    for code, (number, row, _places) in by_code.items():
        existing = known.get(code)
        if existing is None:
            result.new_unions.append((number, row))
            continue
        changes = {
            name: (getattr(existing, name), row[name])
            for name in UNION_FIELDS
            if getattr(existing, name) != row[name]
        }
        if changes:
            result.changed_unions.append((number, existing, changes))
        else:
            result.same_unions.append((number, existing))

    # The accounts ---------------------------------------------------------------------------
    usernames = {row["username"] for _n, row, _p in account_rows}
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    held = {}  # username -> {(union code, role)}
    reach = {}  # username -> every union of its memberships lies within root
    for username, code, role, active, path in Membership.objects.filter(user__in=users.values()).values_list(
        "user__username", "union__code", "role", "is_active", "union__path"
    ):
        if active:
            held.setdefault(username, set()).add((code, role))
        reach[username] = reach.get(username, True) and path.startswith(root.path)
    first_row = {}
    for number, row, places in account_rows:
        username = row["username"]
        code = row["union_code"]
        if code not in by_code and (code not in known or not root.contains(known[code])):
            errors.add(
                accounts_sheet,
                number,
                places,
                "union_code",
                _("No union with the code %(code)s in the file or within your union.") % {"code": code},
            )
            continue
        if username in first_row:
            earlier_number, earlier = first_row[username]
            if any(earlier[name] != row[name] for name in ACCOUNT_FIELDS):
                errors.add(
                    accounts_sheet,
                    number,
                    places,
                    "full_name",
                    _("The account %(username)s is also in row %(row)d with another name, phone or e-mail.")
                    % {"username": username, "row": earlier_number},
                )
            continue
        first_row[username] = (number, row)
        user = users.get(username)
        if user is not None and not (by.is_superuser or reach.get(username, False)) and user != by:
            errors.add(
                accounts_sheet,
                number,
                places,
                "username",
                _("This username is already taken by an account outside your union."),
            )
    if errors:
        return _sorted(result)
    roles_of = {}
    for _number, row, _places in account_rows:
        roles_of.setdefault(row["username"], []).append((row["union_code"], row["role"]))
    for username, (number, row) in first_row.items():
        user = users.get(username)
        wanted_roles = list(dict.fromkeys(roles_of[username]))
        if user is None:
            result.new_accounts.append((number, row))
            result.new_roles += [(username, code, role) for code, role in wanted_roles]
            continue
        changes = {
            name: (getattr(user, name), row[name])
            for name in ACCOUNT_FIELDS
            if getattr(user, name) != row[name]
        }
        missing = [
            (code, role) for code, role in wanted_roles if (code, role) not in held.get(username, set())
        ]
        if changes or missing:
            result.changed_accounts.append((number, user, changes, missing))
        else:
            result.same_accounts.append((number, user))
    return result


def _sorted(result):
    result.errors.sort(key=lambda e: (e.sheet != str(UNIONS_SHEET), e.row, e.letter))
    return result


# --- applying it ------------------------------------------------------------------------------------


@dataclass
class Applied:
    counts: dict
    codes: list  # (username, real name, one-time code): shown once, never stored in clear
    mailed: int


def _setup_code():
    """A one-time code of 60 random bits, in groups a person can read out: e.g. 7KQ2-M9XD-4HTC."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def code_hash(code):
    return hashlib.sha256(code.strip().upper().replace(" ", "").encode()).hexdigest()


def _path(parent_path, index):
    return parent_path + Union._int2str(index).rjust(Union.steplen, "0")


@transaction.atomic
def apply(upload, *, root, by, request):
    """Plan the file again under a lock on `root` and write it whole; ValidationError when it no longer fits."""
    root = Union.objects.select_for_update().get(pk=root.pk)
    result = plan(upload, root=root, by=by)
    if result.errors:
        raise ValidationError(
            _("The file no longer fits the tree; upload it again to see why."), code="stale"
        )
    unions = _create_unions(result.new_unions)
    for _number, union, changes in result.changed_unions:
        for name, (_before, after) in changes.items():
            setattr(union, name, after)
    Union.objects.bulk_update([u for _n, u, _c in result.changed_unions], list(UNION_FIELDS), batch_size=500)
    codes, mails = _create_accounts(result, unions, request)
    counts = {
        "new_unions": len(result.new_unions),
        "changed_unions": len(result.changed_unions),
        "same_unions": len(result.same_unions),
        "new_accounts": len(result.new_accounts),
        "changed_accounts": len(result.changed_accounts),
        "same_accounts": len(result.same_accounts),
    }
    transaction.on_commit(lambda: get_connection(fail_silently=True).send_messages(mails))
    return Applied(counts, codes, len(mails))


def _create_unions(new_rows):
    """Insert the new unions in one pass per depth: each one's path follows its parent's last child."""
    rows = {row["code"]: row for _number, row in new_rows}
    parents = {row["parent_code"] for row in rows.values() if row["parent_code"] not in rows}
    placed = {u.code: u for u in Union.objects.filter(code__in=parents)}
    next_index = {}
    for union in placed.values():
        last = Union.objects.get_last_child(union) if union.numchild else None
        next_index[union.code] = (Union._str2int(last.path[-Union.steplen :]) if last else 0) + 1
    children = Counter(row["parent_code"] for row in rows.values())
    pending = list(rows.values())
    created = {}
    while pending:
        ready = [row for row in pending if row["parent_code"] in placed]
        pending = [row for row in pending if row["parent_code"] not in placed]
        batch = []
        for row in ready:
            parent = placed[row["parent_code"]]
            index = next_index.get(parent.code, 1)
            next_index[parent.code] = index + 1
            batch.append(
                Union(
                    path=_path(parent.path, index),
                    depth=parent.depth + 1,
                    numchild=children.get(row["code"], 0),
                    code=row["code"],
                    **{name: row[name] for name in UNION_FIELDS},
                )
            )
        for union in Union.objects.bulk_create(batch, batch_size=500):
            placed[union.code] = created[union.code] = union
    for code in parents:
        Union.objects.filter(code=code).update(numchild=F("numchild") + children[code])
    return placed


def _create_accounts(result, unions, request):
    union_ids = dict(
        Union.objects.filter(code__in={c for _u, c, _r in result.new_roles}).values_list("code", "pk")
    )
    union_ids.update({code: u.pk for code, u in unions.items()})
    new_users, codes = [], []
    for _number, row in result.new_accounts:
        user = User(username=row["username"], **{name: row[name] for name in ACCOUNT_FIELDS})
        user.set_unusable_password()
        pinyin.fill(user)  # bulk_create skips save()
        if not row["email"]:
            code = _setup_code()
            user.setup_code_hash = code_hash(code)
            codes.append((row["username"], row["full_name"], code))
        new_users.append(user)
    created = {u.username: u for u in User.objects.bulk_create(new_users, batch_size=1000)}
    memberships = [
        Membership(user=created[username], union_id=union_ids[code], role=role)
        for username, code, role in result.new_roles
    ]
    Membership.objects.bulk_create(memberships, batch_size=1000)
    permissions = dict(
        Permission.objects.filter(content_type=ContentType.objects.get_for_model(Union)).values_list(
            "codename", "pk"
        )
    )
    grants = {}
    for membership in memberships:
        for codename in ROLE_PERMISSIONS[Role(membership.role)]:
            key = (membership.user.pk, membership.union_id, permissions[codename])
            grants[key] = UnionUserObjectPermission(
                user_id=key[0], content_object_id=key[1], permission_id=key[2]
            )
    UnionUserObjectPermission.objects.bulk_create(grants.values(), batch_size=1000)
    from . import services  # the one-role act, for the few roles added to accounts already here

    changed = []
    for _number, user, changes, missing in result.changed_accounts:
        for name, (_before, after) in changes.items():
            setattr(user, name, after)
        if changes:
            pinyin.fill(user)
            changed.append(user)
        for code, role in missing:
            services.grant_role(
                user=user, union=Union.objects.get(pk=union_ids.get(code) or unions[code].pk), role=role
            )
    User.objects.bulk_update(
        changed, [*ACCOUNT_FIELDS, "full_name_pinyin", "full_name_initials"], batch_size=1000
    )
    mails = []
    for user in created.values():
        if user.email:
            link = request.build_absolute_uri(
                reverse(
                    "password_reset_confirm",
                    args=[
                        urlsafe_base64_encode(force_bytes(user.pk)),
                        default_token_generator.make_token(user),
                    ],
                )
            )
            body = render_to_string("unions/email/onboarded.txt", {"user": user, "link": link})
            mails.append(
                EmailMessage(_("Your account on the innovation studio platform"), body, None, [user.email])
            )
    return codes, mails


# --- a one-time code spent on a password ------------------------------------------------------------


class SetupCodeForm(forms.Form):
    """Set the password of an account created without an e-mail address, with its one-time code."""

    username = forms.CharField(label=gettext_lazy("username"), max_length=150)
    code = forms.CharField(label=gettext_lazy("one-time code"), max_length=30)
    password1 = forms.CharField(label=gettext_lazy("new password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=gettext_lazy("the new password again"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        cleaned = super().clean()
        username, code = cleaned.get("username"), cleaned.get("code")
        self.user = None
        if username and code:
            user = User.objects.filter(username=username, is_active=True).exclude(setup_code_hash="").first()
            if user is None or not hmac.compare_digest(user.setup_code_hash, code_hash(code)):
                raise ValidationError(_("The username or the one-time code is not right."), code="code")
            self.user = user
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one and self.user is not None:
            try:
                password_validation.validate_password(one, self.user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


@transaction.atomic
def spend_setup_code(*, user, password):
    """The code is spent: the account has its password, and the code opens nothing any more."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.setup_code_hash = ""
    user.save(update_fields=["password", "setup_code_hash"])
    return user
