#!/usr/bin/env python3
"""Turn a notice's Markdown into equivalent Typst markup, for timing Typst on the same text.

Reads pandoc's JSON AST (pandoc -f markdown -t json) on stdin and writes Typst on stdout. It
covers what notices use: headings, paragraphs, line breaks, lists, emphasis, links, footnotes,
rules. Raw HTML (region wrappers) is dropped, as Typst has no use for it.
"""
import json
import sys

def esc(text):
    out = []
    for ch in text:
        if ch in '\\#*_`$<>@[]~/"=-+' :
            out.append('\\' + ch)
        else:
            out.append(ch)
    return ''.join(out)

def inlines(items):
    return ''.join(inline(i) for i in items)

def inline(node):
    t, c = node['t'], node.get('c')
    if t == 'Str':
        return esc(c)
    if t in ('Space', 'SoftBreak'):
        return ' '
    if t == 'LineBreak':
        return ' \\\n'
    if t == 'Emph':
        return '#emph[' + inlines(c) + ']'
    if t == 'Strong':
        return '#strong[' + inlines(c) + ']'
    if t == 'Link':
        target = c[2][0]
        return '#link("' + target.replace('"', '\\"') + '")[' + inlines(c[1]) + ']'
    if t == 'Note':
        return '#footnote[' + blocks(c).strip() + ']'
    if t == 'Quoted':
        return '"' + inlines(c[1]) + '"'
    if t in ('Superscript', 'Subscript', 'Strikeout', 'SmallCaps', 'Underline', 'Span'):
        return inlines(c if isinstance(c[0], dict) else c[1])
    if t == 'Code':
        return esc(c[1])
    return ''

def blocks(items, indent=''):
    return ''.join(block(b, indent) for b in items)

def block(node, indent):
    t, c = node['t'], node.get('c')
    if t in ('Para', 'Plain'):
        return indent + inlines(c) + '\n\n'
    if t == 'Header':
        return '=' * c[0] + ' ' + inlines(c[2]) + '\n\n'
    if t == 'BulletList':
        return ''.join(indent + '- ' + blocks(item, indent + '  ').lstrip() for item in c)
    if t == 'OrderedList':
        return ''.join(indent + '+ ' + blocks(item, indent + '  ').lstrip() for item in c[1])
    if t == 'HorizontalRule':
        return '#line(length: 100%)\n\n'
    if t == 'BlockQuote':
        return '#quote(block: true)[' + blocks(c) + ']\n\n'
    if t == 'Div':
        return blocks(c[1], indent)
    return ''

doc = json.load(sys.stdin)
print('#set page(paper: "us-letter", margin: 1in)')
print('#set text(font: "Liberation Serif", size: 12pt, lang: "en", region: "us", hyphenate: true)')
print('#set par(justify: true)')
print()
print(blocks(doc['blocks']))
