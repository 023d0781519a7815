#!/usr/bin/env python3
"""Regenerates the datastore test fixtures in this folder (run from anywhere; deterministic).

tiny.index + tiny.dict.dz   a dictd database of 4 entries (one is metadata, two headwords share
                            an entry); .dz is plain gzip, which dictzip files are compatible with
fortunes/tiny               a fortune file: 4 records separated by '%' lines, one of them empty
man/tiny.1.gz               a small man page (groff source, gzip)
pod/tiny.pod                a small POD document
html/page.html              HTML with <head>, <script>, entities and a <pre> block
gz/notes.txt.gz             a gzip file made of two gzip members
bad/latin1.txt              ISO-8859-1 text (invalid UTF-8)
bad/binary.bin              binary data with NUL bytes
bad/empty.txt               whitespace only
bad/giant_line.txt          one 30000-byte line
plain/a.txt, plain/b.txt    two plain texts; b.txt repeats a.txt exactly (a duplicate)
pile.jsonl                  Pile-format lines: valid ones, a malformed line (3), a line without
                            text (5), an empty text (6) and a duplicate text (7)
texts/                      a folder of .txt/.md files (and one ignored .bin)
"""
import gzip
import os

HERE = os.path.dirname(os.path.abspath(__file__))
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64(n):
    digits = ""
    while True:
        digits = B64[n % 64] + digits
        n //= 64
        if n == 0:
            return digits


def write(path, data, mode="wb"):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, mode) as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, mtime=0)


def dictd():
    entries = [
        ("00-database-info", "This is a tiny test database.\n"),
        ("apple", "Apple\n   n. The fleshy fruit of a rosaceous tree.\n"),
        ("banana", "Banana\n   n. An elongated curved fruit.\n"),
        ("cherry", "Cherry\n   n. A small round stone fruit, usually red.\n"),
    ]
    body = b""
    index = []
    for word, text in entries:
        data = text.encode()
        index.append((word, len(body), len(data)))
        body += data
    index.append(("bananas", index[2][1], index[2][2]))  # a second headword for the banana entry
    write("tiny.dict.dz", gz(body))
    write("tiny.index", "".join(f"{w}\t{b64(o)}\t{b64(n)}\n" for w, o, n in sorted(index)).encode())


def main():
    dictd()
    write("fortunes/tiny", b"A first fortune.\n%\nSecond fortune,\n  two lines.\n%\n   \n%\nThe last one.\n")
    write("man/tiny.1.gz", gz(b'.TH TINY 1 "2024" "tiny 1.0" "User Commands"\n.SH NAME\ntiny \\- a tiny test program\n'
                              b".SH DESCRIPTION\n.B tiny\ndoes nothing at all, quietly.\n"))
    write("pod/tiny.pod", b"=head1 NAME\n\ntiny - a tiny POD page\n\n=head1 DESCRIPTION\n\nThis is B<bold> and C<code>.\n\n=cut\n")
    write("html/page.html", b"<html><head><title>T</title><style>p{}</style></head><body><script>var x=1;</script>"
                            b"<h1>Title &amp; more</h1><p>First   paragraph\nwraps here.</p><p>Caf&eacute;? &#233; &#x263A;</p>"
                            b"<pre>  indented\n    code</pre></body></html>")
    write("gz/notes.txt.gz", gz(b"first member\n") + gz(b"second member\n"))
    write("bad/latin1.txt", "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e\n".encode("latin-1"))
    write("bad/binary.bin", bytes(range(256)) * 4)
    write("bad/empty.txt", b"  \n\t\n")
    write("bad/giant_line.txt", b"x" * 30000 + b"\n")
    text = b"A plain text document.\n\nIt has two paragraphs.\n"
    write("plain/a.txt", text)
    write("plain/b.txt", text)
    write("pile.jsonl", b'{"text": "Pile document one.", "meta": {"pile_set_name": "Wikipedia (en)"}}\n'
                        b'{"text": "Pile document two.", "meta": {"pile_set_name": "ArXiv"}}\n'
                        b'{"text": "broken", "meta": \n'
                        b'{"text": "No meta at all."}\n'
                        b'{"meta": {"pile_set_name": "ArXiv"}}\n'
                        b'{"text": "   ", "meta": {"pile_set_name": "ArXiv"}}\n'
                        b'{"text": "Pile document one.", "meta": {"pile_set_name": "Enron Emails"}}\n')
    write("texts/alpha.txt", b"Alpha notes about retrieval.\n")
    write("texts/sub/beta.md", b"# Beta\n\nMarkdown notes about finetuning.\n")
    write("texts/ignored.bin", b"\x00\x01\x02")


if __name__ == "__main__":
    main()
