#!/usr/bin/env python3
"""Writes the seed corpora of the tokenizer fuzzers (tests/tokenizer/fuzz) from committed fixtures.

Run from the repository root:
    python3 tests/tokenizer/fuzz/make_seed_corpus.py
It rewrites tests/data/tokenizer/fuzz_corpus/{tokenizer_json,tokenizer_config,gpt2_vocab_merges,
bert_vocab}/ (that folder's README says what each seed is). Real files are trimmed to a few KB
so that mutations reach every structure quickly: the first merges, the vocabulary entries they
and the added tokens need, the byte symbols a byte-level vocabulary must hold, original ids kept.
Seeds the fuzzers found (regression inputs) are kept by hand and never rewritten here.
"""
import json
import os
import shutil

OUT = "tests/data/tokenizer/fuzz_corpus"
MERGES_KEPT = 24


def byte_level_alphabet():
    """GPT-2's bytes_to_unicode(): byte -> the character standing for it."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    characters, extra = {}, 0
    for byte in range(256):
        if byte in printable:
            characters[byte] = chr(byte)
        else:
            characters[byte] = chr(256 + extra)
            extra += 1
    return characters


def merge_sides(merge):
    return merge.split(" ") if isinstance(merge, str) else merge


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write(folder, name, text):
    path = os.path.join(OUT, folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(text)


def trimmed_bpe(tokenizer, keep_byte_symbols, keep_byte_fallback):
    """The file with its first MERGES_KEPT merges and only the vocab entries still needed."""
    model = tokenizer["model"]
    merges = model["merges"][:MERGES_KEPT]
    needed = {token["content"] for token in tokenizer.get("added_tokens", [])}
    if model.get("unk_token"):
        needed.add(model["unk_token"])
    if keep_byte_symbols:
        needed.update(byte_level_alphabet().values())
    for merge in merges:
        left, right = merge_sides(merge)
        needed.update([left, right, left + right])
    vocab = {
        symbol: id
        for symbol, id in model["vocab"].items()
        if symbol in needed or (keep_byte_fallback and symbol.startswith("<0x") and len(symbol) == 6)
    }
    trimmed = dict(tokenizer)
    trimmed["model"] = dict(model, vocab=vocab, merges=merges)
    return trimmed


def trimmed_word_piece(tokenizer, first_ids):
    model = tokenizer["model"]
    vocab = {symbol: id for symbol, id in model["vocab"].items() if id < first_ids}
    trimmed = dict(tokenizer)
    trimmed["model"] = dict(model, vocab=vocab)
    return trimmed


def tokenizer_json_seeds():
    decoders, encoders = "tests/data/model/decoders", "tests/data/model/encoders"
    cases = {
        # byte-level BPE: Qwen's Split regex + ByteLevel and NFC; Llama 3's BOS template;
        # GPT-NeoX's plain ByteLevel; RoBERTa's RobertaProcessing
        "qwen2.tokenizer.json": (f"{decoders}/qwen2/tokenizer.json", True, False),
        "llama.tokenizer.json": (f"{decoders}/llama/tokenizer.json", True, False),
        "gpt_neox.tokenizer.json": (f"{decoders}/gpt_neox/tokenizer.json", True, False),
        "roberta.tokenizer.json": (f"{encoders}/roberta/tokenizer.json", True, False),
        # SentencePiece-style BPE: Mistral's Metaspace with byte fallback; Phi-3's Prepend +
        # Replace normalizer and Replace/ByteFallback/Fuse/Strip decoder (without byte entries)
        "mistral.tokenizer.json": (f"{decoders}/mistral/tokenizer.json", False, True),
        "phi3.tokenizer.json": (f"{decoders}/phi3/tokenizer.json", False, False),
    }
    for name, (source, byte_symbols, byte_fallback) in cases.items():
        with open(source, encoding="utf-8") as file:
            write("tokenizer_json", name, compact(trimmed_bpe(json.load(file), byte_symbols, byte_fallback)))
    with open(f"{encoders}/bert/tokenizer.json", encoding="utf-8") as file:
        write("tokenizer_json", "bert.tokenizer.json", compact(trimmed_word_piece(json.load(file), 120)))
    # Refused files: another model type, BPE dropout, nesting past the depth limit.
    write("tokenizer_json", "unigram.tokenizer.json",
          compact({"model": {"type": "Unigram", "vocab": [["<unk>", 0.0], ["a", -1.0]]}}))
    write("tokenizer_json", "dropout.tokenizer.json",
          compact({"model": {"type": "BPE", "dropout": 0.1, "vocab": {"a": 0}, "merges": []},
                   "pre_tokenizer": {"type": "ByteLevel"}}))
    write("tokenizer_json", "deep.tokenizer.json", '{"model":' + "[" * 80 + "]" * 80 + "}")


def tokenizer_config_seeds():
    sources = {
        "qwen2.tokenizer_config.json": "tests/data/model/decoders/qwen2/tokenizer_config.json",
        "llama.tokenizer_config.json": "tests/data/model/decoders/llama/tokenizer_config.json",
        "mistral.tokenizer_config.json": "tests/data/model/decoders/mistral/tokenizer_config.json",
        "bert.tokenizer_config.json": "tests/data/model/encoders/bert/tokenizer_config.json",
        "byte_level.tokenizer_config.json": "tests/data/model/gpt2_bytes/tokenizer_config.json",
        "mistral7b.tokenizer_config.json": "tests/data/tokenizer/mistral7b/tokenizer_config.json",
    }
    for name, source in sources.items():
        os.makedirs(os.path.join(OUT, "tokenizer_config"), exist_ok=True)
        shutil.copyfile(source, os.path.join(OUT, "tokenizer_config", name))
    # Every field read, in its other spelling or setting.
    write("tokenizer_config", "llama_prefix.tokenizer_config.json",
          compact({"tokenizer_class": "LlamaTokenizerFast", "legacy": False, "add_prefix_space": False,
                   "bos_token": {"content": "<s>"}, "eos_token": {"content": "</s>"},
                   "add_bos_token": True, "add_eos_token": True}))
    write("tokenizer_config", "bert_cased.tokenizer_config.json",
          compact({"tokenizer_class": "BertTokenizer", "do_lower_case": False, "strip_accents": True,
                   "tokenize_chinese_chars": False, "unk_token": {"content": "<unk>"}, "cls_token": "<s>",
                   "sep_token": "</s>", "eos_token": None}))
    write("tokenizer_config", "wrong_types.tokenizer_config.json",
          compact({"add_bos_token": "yes", "bos_token": 1, "tokenizer_class": ["x"]}))
    write("tokenizer_config", "byte_level_wrong_eos.tokenizer_config.json",
          compact({"tokenizer_class": "ByteLevelTokenizer", "eos_token_id": 0}))


def gpt2_vocab_merges_seeds():
    with open("tests/data/tokenizer/gpt2/vocab.json", encoding="utf-8") as file:
        vocab = json.load(file)
    with open("tests/data/tokenizer/gpt2/merges.txt", encoding="utf-8") as file:
        lines = file.read().split("\n")
    header, merges = lines[0], lines[1 : 1 + MERGES_KEPT]
    needed = set(byte_level_alphabet().values()) | {"<|endoftext|>"}
    for merge in merges:
        left, right = merge.split(" ")
        needed.update([left, right, left + right])
    kept = compact({symbol: id for symbol, id in vocab.items() if symbol in needed})
    # vocab.json, a NUL byte, merges.txt (the fuzzer's split)
    write("gpt2_vocab_merges", "gpt2.vocab_merges", kept + "\0" + "\n".join([header] + merges) + "\n")
    write("gpt2_vocab_merges", "gpt2_crlf_no_header.vocab_merges", kept + "\0" + "\r\n".join(merges))
    write("gpt2_vocab_merges", "merge_outside_vocab.vocab_merges", kept + "\0" + "Ġ zzz\n")
    write("gpt2_vocab_merges", "no_byte_symbols.vocab_merges", compact({"a": 0, "b": 1, "ab": 2}) + "\0" + "a b\n")


def bert_vocab_seeds():
    os.makedirs(os.path.join(OUT, "bert_vocab"), exist_ok=True)
    shutil.copyfile("tests/data/model/encoders/bert/vocab.txt", os.path.join(OUT, "bert_vocab", "bert.vocab.txt"))
    write("bert_vocab", "tiny_crlf.vocab.txt",
          "\r\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "un", "##want", "##ed",
                       "hello", ",", "!", ""]))
    write("bert_vocab", "no_cls.vocab.txt", "[UNK]\n[SEP]\nword\n")


if __name__ == "__main__":
    for folder in ["tokenizer_json", "tokenizer_config", "gpt2_vocab_merges", "bert_vocab"]:
        for name in os.listdir(os.path.join(OUT, folder)) if os.path.isdir(os.path.join(OUT, folder)) else []:
            if not name.startswith("regression-"):
                os.remove(os.path.join(OUT, folder, name))
    tokenizer_json_seeds()
    tokenizer_config_seeds()
    gpt2_vocab_merges_seeds()
    bert_vocab_seeds()
