// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Word lists (contains_any/find_any, issue 13): a blocklist clause of N generated words on a
// 2 KB response that contains none of them (the common case: every word must be ruled out),
// the search alone, and building the automaton of N words. The same words as one regex,
// `(?i)\b(w1|w2|…)\b`: compiling it, a clause with it, and the 2 KB search on PCRE2 and on the
// literal set (RegexEngine), which is where Regex::kLiteralSetAlternatives comes from.

#include "engine/compiledset.h"
#include "engine/evalscratch.h"
#include "engine/evaluator.h"
#include "engine/regex.h"
#include "engine/wordlist.h"

#include <benchmark/benchmark.h>
#include <string>
#include <vector>

using namespace llmcl::engine;

namespace {

// Words shaped like a real blocklist's (letters only, 4 to 11 of them), deterministic.
std::vector<std::string> generatedWords(std::size_t count, std::string_view suffix = "q")
{
    std::vector<std::string> words;
    words.reserve(count);
    std::uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (std::size_t i = 0; i < count; ++i) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        const std::size_t length = 4 + (seed >> 33) % 8;
        std::string word;
        std::uint64_t bits = seed;
        for (std::size_t c = 0; c < length; ++c) {
            word += static_cast<char>('a' + bits % 26);
            bits = bits / 26 + (seed >> 7);
        }
        words.push_back(word + std::string(suffix)); // no word of the response ends in "q"
    }
    return words;
}

std::string response2k()
{
    std::string text;
    while (text.size() < 2048)
        text += "Thanks for asking! Here is a short, friendly answer that covers the main points, "
                "with an example and a caveat or two. ";
    text.resize(2048);
    return text;
}

void wordListClause(benchmark::State &state)
{
    const std::vector<std::string> words = generatedWords(static_cast<std::size_t>(state.range(0)));
    std::string list = "[";
    for (const std::string &w : words)
        list += (list.size() > 1 ? ", \"" : "\"") + w + "\"";
    list += "]";
    CompileRequest request;
    request.files = {"blocklist.llmcl"};
    // Arg 0: the same turn with a clause that reads the response and no list (the baseline).
    request.overrides["blocklist.llmcl"] = "contract Blocklist(blocked = " + list + ") {\n"
        + (state.range(0) == 0 ? std::string("    ensure len(response) > 0\n")
                               : std::string("    ensure not contains_any(response, blocked, "
                                             "ignore_case = true, whole_words = true)\n"))
        + "}\n";
    const CompileResult compiled = compileContracts(request);
    if (!compiled.set) {
        state.SkipWithError("the blocklist contract does not compile");
        return;
    }
    Evaluator evaluator(compiled.set);
    const std::string response = response2k(); // TurnInput views its texts
    TurnInput turn;
    turn.content = "hi";
    turn.response = response;
    (void)evaluator.evaluateTurn(turn); // builds the automaton
    for (auto _ : state) {
        const TurnResult result = evaluator.evaluateTurn(turn);
        bool valid = result.valid;
        benchmark::DoNotOptimize(valid);
    }
}
BENCHMARK(wordListClause)->Arg(0)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMicrosecond);

void wordListSearch(benchmark::State &state)
{
    const std::vector<std::string> words = generatedWords(static_cast<std::size_t>(state.range(0)));
    std::vector<Value> items;
    for (const std::string &w : words)
        items.push_back(Value::string(w));
    std::string error;
    const auto list = WordList::build(items, true, true, error);
    const std::string text = response2k();
    WordListScratch scratch;
    WordListHit hit;
    (void)list->search(text, true, true, WordList::Search::Any, scratch, hit);
    for (auto _ : state)
        benchmark::DoNotOptimize(
            list->search(text, true, true, WordList::Search::Any, scratch, hit));
    state.counters["automaton_MiB"] = static_cast<double>(list->automatonBytes()) / (1 << 20);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(wordListSearch)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMicrosecond);

void wordListBuild(benchmark::State &state)
{
    const std::vector<std::string> words = generatedWords(static_cast<std::size_t>(state.range(0)));
    std::vector<Value> items;
    for (const std::string &w : words)
        items.push_back(Value::string(w));
    WordListScratch scratch;
    WordListHit hit;
    for (auto _ : state) {
        std::string error;
        auto list = WordList::build(items, true, true, error);
        (void)list->search("x", true, true, WordList::Search::Any, scratch, hit);
        benchmark::DoNotOptimize(list);
    }
}
BENCHMARK(wordListBuild)->Arg(100'000)->Unit(benchmark::kMillisecond);

// Without the common "q": PCRE2 would rule the text out by that required last letter alone,
// which a real list does not offer. (The benchmarks check that nothing matches.)
std::string alternation(std::size_t count)
{
    std::string pattern = "(?i)\\b(";
    for (const std::string &w : generatedWords(count, ""))
        pattern += w + "|";
    pattern.back() = ')';
    return pattern + "\\b";
}

// Compiling the regex of N words, and its first search (which builds the automaton).
void regexAlternationCompile(benchmark::State &state)
{
    const std::string pattern = alternation(static_cast<std::size_t>(state.range(0)));
    EvalScratch scratch;
    std::string error;
    for (auto _ : state) {
        RegexError compileError;
        auto regex = Regex::compile(pattern, &compileError, RegexUse::Search);
        if (!regex) {
            state.SkipWithError(compileError.message.c_str());
            return;
        }
        benchmark::DoNotOptimize(regex->search("x", scratch, error));
    }
}
BENCHMARK(regexAlternationCompile)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The search of a 2 KB response that matches none of N alternatives. Arg 1: 0 PCRE2 (with its
// prefilter), 1 the literal set, 2 the literal set on a text that is not ASCII (folded first).
void regexAlternationSearch(benchmark::State &state)
{
    const std::string pattern = alternation(static_cast<std::size_t>(state.range(0)));
    const auto engine = state.range(1) == 0 ? RegexEngine::Pcre2 : RegexEngine::LiteralSet;
    RegexError compileError;
    const auto regex = Regex::compile(pattern, &compileError, RegexUse::Search, engine);
    if (!regex) {
        state.SkipWithError(compileError.message.c_str());
        return;
    }
    std::string text = response2k();
    if (state.range(1) == 2)
        text.replace(100, 2, "\u00e9");
    const bool ascii = state.range(1) != 2;
    EvalScratch scratch;
    std::string error;
    if (regex->search(text, scratch, error, 0, false, ascii) != MatchOutcome::NoMatch) {
        state.SkipWithError("the response matches");
        return;
    }
    for (auto _ : state) {
        scratch.resetRegexBudget();
        benchmark::DoNotOptimize(regex->search(text, scratch, error, 0, false, ascii));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(regexAlternationSearch)
    ->ArgsProduct({{3, 16, 64, 256, 1000}, {0, 1}})
    ->Args({10'000, 1})
    ->Args({10'000, 2})
    ->Unit(benchmark::kMicrosecond);

// `ensure not match(response, r"(?i)\b(w1|…)\b")` with 10,000 words: a turn.
void regexAlternationClause(benchmark::State &state)
{
    CompileRequest request;
    request.files = {"blocklist.llmcl"};
    request.overrides["blocklist.llmcl"] =
        "contract Blocklist {\n    ensure not match(response, r\""
        + alternation(static_cast<std::size_t>(state.range(0))) + "\")\n}\n";
    const CompileResult compiled = compileContracts(request);
    if (!compiled.set) {
        state.SkipWithError("the blocklist contract does not compile");
        return;
    }
    Evaluator evaluator(compiled.set);
    const std::string response = response2k();
    TurnInput turn;
    turn.content = "hi";
    turn.response = response;
    if (evaluator.evaluateTurn(turn).contracts.at(0).clauses.at(0).status != ClauseStatus::Pass) {
        state.SkipWithError("the response matches");
        return;
    }
    for (auto _ : state) {
        const TurnResult result = evaluator.evaluateTurn(turn);
        bool valid = result.valid;
        benchmark::DoNotOptimize(valid);
    }
}
BENCHMARK(regexAlternationClause)->Arg(10'000)->Unit(benchmark::kMicrosecond);

} // namespace
