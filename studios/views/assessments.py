"""Pages of the yearly assessment (rounds, one studio's assessment, decisions) and the public list of titles.

Rounds are fetched through the naming union's scope; one assessment through either
the round's union or the studio's host union (the grassroots union self-assesses),
so anything outside is a 404. Every state change goes through workflow.transition().
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from unions import access, pinyin
from unions.models import Union

from .. import permissions, warnings, workflow
from ..models import (
    Assessment,
    AssessmentResult,
    AssessmentRound,
    Naming,
    NamingLevel,
    Studio,
    StudioType,
)
from ..models.assessment import MAX_CRITERION_SCORE
from ..services import assessments as services
from ..services import reminders

DECISIONS = ("keep", "rectify", "downgrade", "revoke")


# --- forms ---------------------------------------------------------------------------------


class OpenRoundForm(forms.Form):
    union = forms.ModelChoiceField(queryset=Union.objects.none(), label=gettext_lazy("naming union"))
    year = forms.IntegerField(label=gettext_lazy("year assessed"), min_value=2000, max_value=2100)
    self_assess_by = forms.DateField(
        label=gettext_lazy("self-assess by"),
        help_text=gettext_lazy(
            "Each studio's host union and lead are told to file the self-assessment by then."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = access.unions_for(user, access.APPROVE).exclude(
            level=Union.Level.GRASSROOTS
        )
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["self_assess_by"].initial = reminders.default_self_assess_by()

    def clean_self_assess_by(self):
        day = self.cleaned_data["self_assess_by"]
        services.check_self_assess_by(day)
        return day


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("self-assessment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "What the studio did in the year, against each of the seven basic conditions."
        ),
    )


class ScoreForm(forms.Form):
    result = forms.ChoiceField(label=gettext_lazy("result"), choices=AssessmentResult.choices)
    comment = forms.CharField(
        label=gettext_lazy("reviewers' opinion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name, min_value=0, max_value=MAX_CRITERION_SCORE
            )
        self.order_fields([f"c_{c.pk}" for c in self.criteria] + ["result", "comment"])

    def scores(self):
        return {c.pk: self.cleaned_data[f"c_{c.pk}"] for c in self.criteria}


class DecisionForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("decision"))
    comment = forms.CharField(
        label=gettext_lazy("reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        label=gettext_lazy("rectify by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(m.action, m.label) for m in moves]

    def clean(self):
        data = super().clean()
        if data.get("action") == "rectify" and not data.get("deadline"):
            self.add_error("deadline", _("Please give a deadline after today."))
        if (
            data.get("action") in ("rectify", "downgrade", "revoke")
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Please give a reason."))
        return data


# --- fetching ------------------------------------------------------------------------------


def _rounds(user):
    return access.scope(AssessmentRound.objects.select_related("union"), user, via="union")


def _assessments(user):
    qs = Assessment.objects.all()
    return access.scope(qs, user, via="round__union") | access.scope(qs, user, via="studio__host_union")


def _get_assessment(user, pk):
    assessment = (
        _assessments(user)
        .select_related("round__union", "studio__host_union", "studio__criteria_set", "naming__named_by")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


# --- rounds --------------------------------------------------------------------------------


def nav_visible(user):
    return permissions.can_see_assessments(user)


@login_required
def index(request):
    return _render_index(request)


def _render_index(request, form=None):
    user = request.user
    rounds = (
        _rounds(user)
        .annotate(
            studio_count=Count("assessments"),
            undecided=Count(
                "assessments", filter=Q(assessments__status__in=[s.value for s in services.UNDECIDED])
            ),
        )
        .order_by("-year", "union__path")
    )
    mine = (
        access.scope(Assessment.objects.all(), user, via="studio__host_union", perm=access.FILE)
        .filter(round__status=AssessmentRound.Status.OPEN)
        .select_related("round__union", "studio")
        .order_by("studio__name_pinyin", "studio__name")
    )
    can_open = permissions.can_open_rounds(user)
    if can_open and form is None:
        form = OpenRoundForm(user=user)
    return render(
        request,
        "studios/assessments/index.html",
        {
            "page": Paginator(rounds, 25).get_page(request.GET.get("page")),
            "mine": mine[:50],
            "form": form if can_open else None,
        },
    )


@login_required
@require_POST
def open_round(request):
    form = OpenRoundForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            round_ = services.open_round(
                union=form.cleaned_data["union"],
                year=form.cleaned_data["year"],
                self_assess_by=form.cleaned_data["self_assess_by"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Round %(year)s opened: %(count)s named studios to assess.")
                % {"year": round_.year, "count": round_.assessments.count()},
            )
            return redirect("studios:assessment_round", round_.pk)
    messages.error(request, _("Please correct the errors below."))
    return _render_index(request, form)


@login_required
def round_detail(request, pk):
    round_ = access.get_or_404(
        AssessmentRound.objects.select_related("union"), request.user, via="union", pk=pk
    )
    rows = round_.assessments.select_related("studio__host_union", "naming").order_by(
        "status", "studio__name_pinyin", "studio__name"
    )
    status = request.GET.get("status", "")
    if status in Assessment.Status.values:
        rows = rows.filter(status=status)
    counts = dict(round_.assessments.order_by().values_list("status").annotate(n=Count("*")))
    late_rectifications, late_self_assessments = reminders.overdue(round_)
    return render(
        request,
        "studios/assessments/round.html",
        {
            "round": round_,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "counts": [(value, label, counts.get(value, 0)) for value, label in Assessment.Status.choices],
            "status": status,
            "moves": workflow.available(round_, request.user),
            "timeline": workflow.labelled_history(round_),
            "late_rectifications": late_rectifications,
            "late_self_assessments": late_self_assessments,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def round_close(request, pk):
    round_ = access.get_or_404(AssessmentRound.objects.all(), request.user, via="union", pk=pk)
    try:
        services.close_round(round_=round_, by=request.user, comment=request.POST.get("comment", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages(error))
    else:
        messages.success(request, _("The round is closed."))
    return redirect("studios:assessment_round", round_.pk)


def _messages(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


# --- one studio's assessment ---------------------------------------------------------------


@login_required
def assessment_detail(request, pk):
    assessment = _get_assessment(request.user, pk)
    return _render_assessment(request, assessment)


def _render_assessment(request, assessment, *, self_form=None, score_form=None, decision_form=None):
    user = request.user
    moves = {m.action: m for m in workflow.available(assessment, user)}
    criteria = assessment.studio.criteria_set.criteria.all()
    scores = {s.criterion_id: s.score for s in assessment.scores.all()}
    if "self_assess" in moves and self_form is None:
        self_form = SelfAssessmentForm(initial={"text": assessment.self_assessment})
    if "score" in moves and score_form is None:
        initial = {f"c_{pk}": score for pk, score in scores.items()}
        initial.update(result=assessment.result, comment=assessment.review_comment)
        score_form = ScoreForm(initial=initial, criteria=criteria)
    decisions = [moves[a] for a in DECISIONS if a in moves]
    if decisions and decision_form is None:
        decision_form = DecisionForm(moves=decisions)
    studio = warnings.annotate_flags(Studio.objects.filter(pk=assessment.studio_id)).get()
    return render(
        request,
        "studios/assessments/assessment.html",
        {
            "assessment": assessment,
            "studio": assessment.studio,
            "flags": warnings.flags_of(studio),
            "criteria_scores": [(c, scores.get(c.pk)) for c in criteria],
            "self_form": self_form if "self_assess" in moves else None,
            "score_form": score_form if "score" in moves else None,
            "decision_form": decision_form if decisions else None,
            "timeline": workflow.labelled_history(assessment),
            "studio_timeline": workflow.labelled_history(assessment.studio),
            # The grassroots union answers for its studio but does not see the naming union's round.
            "round_visible": permissions.can_see_round(user, assessment.round),
        },
    )


def _act(request, assessment, call, success, **forms_on_error):
    try:
        call()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages(error))
        return _render_assessment(request, assessment, **forms_on_error)
    messages.success(request, success)
    return redirect("studios:assessment", assessment.pk)


@login_required
@require_POST
def self_assess(request, pk):
    assessment = _get_assessment(request.user, pk)
    form = SelfAssessmentForm(request.POST)
    if not form.is_valid():
        return _render_assessment(request, assessment, self_form=form)
    return _act(
        request,
        assessment,
        lambda: services.self_assess(assessment=assessment, by=request.user, text=form.cleaned_data["text"]),
        _("Self-assessment submitted."),
        self_form=form,
    )


@login_required
@require_POST
def score(request, pk):
    assessment = _get_assessment(request.user, pk)
    form = ScoreForm(request.POST, criteria=assessment.studio.criteria_set.criteria.all())
    if not form.is_valid():
        return _render_assessment(request, assessment, score_form=form)
    return _act(
        request,
        assessment,
        lambda: services.score(
            assessment=assessment,
            by=request.user,
            scores=form.scores(),
            result=form.cleaned_data["result"],
            comment=form.cleaned_data["comment"],
        ),
        _("Scores and result recorded."),
        score_form=form,
    )


@login_required
@require_POST
def decide(request, pk):
    assessment = _get_assessment(request.user, pk)
    moves = [m for m in workflow.available(assessment, request.user) if m.action in DECISIONS]
    if not moves:
        raise PermissionDenied
    form = DecisionForm(request.POST, moves=moves)
    if not form.is_valid():
        return _render_assessment(request, assessment, decision_form=form)
    data = form.cleaned_data
    return _act(
        request,
        assessment,
        lambda: services.decide(
            assessment=assessment,
            by=request.user,
            action=data["action"],
            comment=data["comment"],
            deadline=data["deadline"],
        ),
        _("Decision recorded."),
        decision_form=form,
    )


# --- the home page: the self-assessments asked of this person (unions.registry.home_panels) ---------


def todo_panel(request):
    """For a studio's lead and its host union's staff: the open self-assessments not yet filed."""
    rows = reminders.open_self_assessments(request.user)
    if not rows:
        return None
    return {"template": "studios/assessments/panel_todo.html", "rows": rows, "today": timezone.localdate()}


# --- the public list of titles --------------------------------------------------------------


@login_required
def named_list(request):
    """Every studio holding a title that has not been revoked: a page anyone logged in may read."""
    namings = Naming.objects.filter(revoked=False, studio__stage=Studio.Stage.NAMED)
    level = request.GET.get("level", "")
    if level in NamingLevel.values:
        namings = namings.filter(level=level)
    kind = request.GET.get("kind", "")
    if kind in StudioType.values:
        namings = namings.filter(studio__kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        namings = namings.filter(pinyin.matches("studio__name", q) | Q(studio__unit__icontains=q))
    namings = namings.select_related("studio__host_union", "named_by").order_by(
        "-year", "studio__name_pinyin", "studio__name", "pk"
    )
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "studios/assessments/named_list.html",
        {
            "page": Paginator(namings, 50).get_page(request.GET.get("page")),
            "levels": NamingLevel.choices,
            "kinds": StudioType.choices,
            "level": level,
            "kind": kind,
            "q": q,
            "querystring": filters.urlencode(),
        },
    )


# --- a section of the studio page (studios.hooks.studio_sections) ---------------------------


def studio_section(studio, request):
    """Warnings, titles (revoked ones marked) and assessments, for the studio page."""
    # The studio page reads the flags and the titles with the studio; other callers get them here.
    annotated = (
        studio
        if hasattr(studio, "is_quiet")
        else warnings.annotate_flags(Studio.objects.filter(pk=studio.pk)).get()
    )
    namings = getattr(studio, "_prefetched_objects_cache", {}).get("namings")
    if namings is None:
        namings = studio.namings.select_related("named_by").order_by("-year", "pk")
    namings = list(namings)
    assessments = list(studio.assessments.select_related("round__union").order_by("-round__year", "-pk"))
    return {
        "template": "studios/assessments/_studio_section.html",
        "flags": warnings.flags_of(annotated),
        "namings": namings,
        "assessments": assessments,
        "last_entry_on": annotated.last_entry_on,
        "last_achievement_on": annotated.last_achievement_on,
    }
