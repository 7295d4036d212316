"""Hypothesis strategies for what people (and scripts) type into forms: any text, very long text, numbers
that are too big, negative or not numbers at all, dates outside the calendar, wrong types, odd files."""

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from hypothesis import strategies as st

from tests.security import badfiles

ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e反向",
    "𠀀𠀁",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "=1+1",
    "%s%n%x",
    "../../etc/passwd",
    "\r\nX-Injected: 1",
    "NaN",
    "-0",
    "None",
    "[]",
    "{}",
    "true",
]

text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(ODD),
    # Very long text: beyond every max_length of the project (and a page of 60,000 characters).
    st.builds(lambda ch, n: ch * n, st.sampled_from(["长", "a", "\u3000", "😀"]), st.integers(250, 60_000)),
)

numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        [
            "9" * 400,
            "-1",
            "0",
            "1e309",
            "-1e309",
            "1e-400",
            "1,000",
            "１２３",
            "0x10",
            "1_000",
            "Infinity",
            "sNaN",
        ]
    ),
    text,
)

dates = st.one_of(
    st.dates().map(str),  # 0001-01-01 … 9999-12-31
    st.datetimes().map(str),
    st.sampled_from(
        [
            "0000-00-00",
            "10000-01-01",
            "2025-02-30",
            "2025-13-01",
            "-2025-01-01",
            "99999999-01-01",
            "2025-1-1",
            "2025/01/02",
            "2025年1月2日",
            "today",
            "1e10",
        ]
    ),
    text,
)

booleans = st.sampled_from(["on", "", "off", "false", "0", "1", "yes", "None"])

BAD_FILES = [
    ("empty.pdf", lambda: b""),
    ("elf.jpg", badfiles.elf),
    ("pe.pdf", badfiles.pe),
    ("xxe.xlsx", badfiles.xxe_xlsx),
    ("corrupt.xlsx", badfiles.corrupt_xlsx),
    ("图片.png", lambda: badfiles.png(8)),
]

files = st.one_of(
    st.binary(max_size=3000).map(lambda data: SimpleUploadedFile("随机.bin", data)),
    st.sampled_from(BAD_FILES).map(lambda case: SimpleUploadedFile(case[0], case[1]())),
)


def _valid_choices(field):
    values = []
    for value, _label in getattr(field, "choices", []):
        if isinstance(_label, list | tuple):  # an optgroup
            values += [str(v) for v, _l in _label]
        else:
            values.append(str(getattr(value, "value", value)))
    return values


def for_field(field):
    """A strategy of raw values (strings, or lists for multi-value fields) for one form field."""
    if isinstance(field, forms.FileField):
        return files
    if isinstance(field, forms.BooleanField):
        return booleans
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return dates
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return numbers
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        valid = _valid_choices(field)
        one = st.one_of(st.sampled_from(valid), numbers) if valid else numbers
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            return st.lists(one, max_size=4)
        return one
    return text


def form_input(form):
    """Data and files for a bound copy of `form`: each field filled, left out, or given several values."""
    fields = list(form.fields.items())

    @st.composite
    def build(draw):
        data, uploads = QueryDict(mutable=True), {}
        for name, field in fields:
            key = form.add_prefix(name)
            if draw(st.integers(0, 9)) == 0:
                continue  # left out
            value = draw(for_field(field))
            if isinstance(value, SimpleUploadedFile):
                uploads[key] = value
            elif isinstance(value, list):
                data.setlist(key, value)
            elif draw(st.integers(0, 14)) == 0:
                data.setlist(key, [value, draw(text)])  # a wrong type: several values for one
            else:
                data[key] = value
        return data, uploads

    return build()
