#!/usr/bin/env python3
"""Splices the written sections of docs/man/promptexp-sections.mdoc into the man page that
argument-parser's generate-manual made from the commands' help: the part after
`@@INTRODUCTION` opens DESCRIPTION, the part after `@@SECTIONS` (ENVIRONMENT, FILES,
EXIT STATUS, EXAMPLES) goes before AUTHORS. Usage: man-sections.py PAGE SECTIONS"""
import sys

page_path, sections_path = sys.argv[1], sys.argv[2]
written = open(sections_path, encoding="utf-8").read()
if "@@INTRODUCTION" not in written or "@@SECTIONS" not in written:
    sys.exit(f"{sections_path}: needs the @@INTRODUCTION and @@SECTIONS markers")
after_intro = written.split("@@INTRODUCTION", 1)[1].split("\n", 1)[1]
introduction, sections = after_intro.split("@@SECTIONS", 1)
introduction = introduction.rsplit("\n", 1)[0] + "\n"  # drop the marker's comment line start
sections = sections.split("\n", 1)[1]

lines = open(page_path, encoding="utf-8").read().splitlines(keepends=True)
# generate-manual's own EXIT STATUS is a bare `.Ex -std` ("0 on success, >0 if an error
# occurs"): ours, which says what each status means, replaces it.
generated = [i for i, line in enumerate(lines) if line.strip() in ('.Sh "EXIT STATUS"', ".Sh EXIT STATUS")]
if generated:
    start = generated[0]
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(".Sh ")), len(lines))
    del lines[start:end]
out, placed_intro, placed_sections = [], False, False
for line in lines:
    if line.startswith(".Sh AUTHORS") and not placed_sections:
        out.append(sections)
        placed_sections = True
    out.append(line)
    if line.startswith(".Sh DESCRIPTION") and not placed_intro:
        out.append(introduction + ".Pp\n")
        placed_intro = True
if not placed_intro:
    sys.exit(f"{page_path}: no .Sh DESCRIPTION to open with the introduction")
if not placed_sections:
    out.append(sections)
open(page_path, "w", encoding="utf-8").write("".join(out))
