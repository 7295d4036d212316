"""Typst in a process of its own: the package build's typesetter, run as a plain child process.

`python typesetter.py TEMPLATES FONTS` reads jobs from stdin and answers on stdout, one frame
each way per document (a frame: 4-byte big-endian length, then the bytes):

    job:     JSON {"template": "application_form.typ", "timestamp": "2026-12-01T16:00:00+00:00"},
             then the data (JSON text, what the template reads as `sys.inputs.data`)
    answer:  b"ok" + the PDF, or b"er" + the error message (UTF-8)

An empty job frame or the end of stdin ends the process. This file imports nothing of Django
or of the project (the parent has already translated and formatted every word in the data), so a
child starts in a fraction of a second and holds only Typst, its fonts and its parsed templates.
It is a plain subprocess rather than a multiprocessing pool because the Celery worker's pool
processes are daemonic, and daemonic processes may not start multiprocessing children.
"""

import datetime
import json
import struct
import sys

HEADER = struct.Struct(">I")


def write_frame(stream, data):
    stream.write(HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_frame(stream):
    """The next frame's bytes, or None at the end of the stream."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        return None
    return data


def serve(templates, fonts, source, target):
    import typst

    font_set = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[fonts])
    compilers = {}
    while job := read_frame(source):
        data = read_frame(source)
        if data is None:
            return
        job = json.loads(job)
        template = job["template"]
        if template not in compilers:
            compilers[template] = typst.Compiler(
                f"{templates}/{template}", root=templates, font_paths=font_set, ignore_system_fonts=True
            )
        try:
            pdf = compilers[template].compile(
                format="pdf",
                sys_inputs={"data": data.decode("utf-8")},
                timestamp=datetime.datetime.fromisoformat(job["timestamp"]),
            )
        except typst.TypstError as error:
            write_frame(target, b"er" + str(error.message).encode("utf-8"))
        else:
            write_frame(target, b"ok" + pdf)


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], sys.stdin.buffer, sys.stdout.buffer)
