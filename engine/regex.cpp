// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/regex.h"

#include "engine/ascii.h"
#include "engine/evalscratch.h"
#include "engine/limits.h"
#include "engine/regexliteralset.h"
#include "engine/utf8.h"
#include "engine/wordlist.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <algorithm>
#include <array>
#include <pcre2.h>
#include <string>

namespace llmcl::engine {

namespace {

constexpr std::uint32_t kCompileOptions = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;

std::string pcre2Message(int code)
{
    std::array<PCRE2_UCHAR, 256> buffer {};
    const int length = pcre2_get_error_message(code, buffer.data(), buffer.size());
    if (length < 0)
        return "PCRE2 error " + std::to_string(code);
    return std::string(
        reinterpret_cast<const char *>(buffer.data()), static_cast<std::size_t>(length));
}

std::string budgetExhausted()
{
    return "regex work of this clause over its budget (" + std::to_string(limits::kRegexClauseSteps)
        + " steps across all its regex calls)";
}

// The messages of the limits: the user's pattern was too expensive on this text.
std::string matchFailure(int rc)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
        return "regex match limit exceeded";
    case PCRE2_ERROR_DEPTHLIMIT:
        return "regex depth limit exceeded";
    case PCRE2_ERROR_HEAPLIMIT:
        return "regex heap limit exceeded";
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return "regex JIT stack limit exceeded";
    default:
        return "regex match failed: " + pcre2Message(rc);
    }
}

pcre2_code *compileCode(
    std::string_view pattern, std::uint32_t options, RegexError *error, bool jit = true)
{
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()),
        pattern.size(), kCompileOptions | options, &code, &offset, nullptr);
    if (!compiled) {
        if (error)
            *error = {pcre2Message(code), static_cast<std::size_t>(offset)};
        return nullptr;
    }
    // Without JIT support (some architectures, or W^X systems) pcre2_match interprets the
    // pattern: slower, equally bounded.
    if (jit)
        pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE);
    return compiled;
}

// One PCRE2 match charged to the clause's regex budget (limits.h): tried under a small match
// limit first, then under 32 times more, up to a call's limit; the call is charged every limit
// it ran under, so what a clause may spend is deterministic.
MatchOutcome runMatch(const pcre2_code *code, std::string_view subject, EvalScratch &scratch,
    std::string &error, std::size_t start, std::uint32_t options)
{
    const auto *text = reinterpret_cast<PCRE2_SPTR>(subject.data());
    std::uint32_t limit = limits::kRegexProbeSteps;
    for (;;) {
        const std::uint64_t budget = scratch.regexBudget();
        if (budget == 0) {
            error = budgetExhausted();
            return MatchOutcome::Failed;
        }
        const auto steps = static_cast<std::uint32_t>(std::min<std::uint64_t>(limit, budget));
        scratch.setMatchLimit(steps);
        int rc = pcre2_match(code, text, subject.size(), start, options, scratch.matchData(),
            scratch.matchContext());
        // The JIT keeps its backtracking state on a fixed stack (512 KiB): a legitimate
        // pattern such as `(\w+\s?)*$` on a long text can outgrow it. The interpreter keeps
        // that state on the heap, bounded by the depth and heap limits: a second chance.
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(code, text, subject.size(), start, options | PCRE2_NO_JIT,
                scratch.matchData(), scratch.matchContext());
        scratch.chargeRegex(steps);
        if (rc == PCRE2_ERROR_MATCHLIMIT) {
            if (steps < limit) {
                error = budgetExhausted();
                return MatchOutcome::Failed;
            }
            if (limit < limits::kRegexCallSteps) {
                limit *= 32;
                continue;
            }
        }
        if (rc >= 0) // 0: more groups than the match data holds; group 0 and the first 63 set
            return MatchOutcome::Matched;
        if (rc == PCRE2_ERROR_NOMATCH)
            return MatchOutcome::NoMatch;
        error = matchFailure(rc);
        return MatchOutcome::Failed;
    }
}

} // namespace

bool Regex::validate(std::string_view pattern, RegexError *error)
{
    pcre2_code *code = compileCode(pattern, 0, error, false);
    pcre2_code_free(code);
    // A literal set PCRE2 finds too large runs on the automaton.
    return code != nullptr || detail::RegexLiteralSet::fromPattern(pattern).has_value();
}

bool Regex::buildLiteralSet(const std::optional<detail::RegexLiteralSet> &set)
{
    if (!set)
        return false;
    std::vector<Value> items;
    items.reserve(set->alternatives().size());
    for (const std::string &alternative : set->alternatives())
        items.push_back(Value::borrowedString(alternative));
    std::string ignored; // every item is a string
    m_literals = WordList::build(items, set->caseless(), true, ignored);
    m_boundaryBefore = set->boundaryBefore();
    m_boundaryAfter = set->boundaryAfter();
    m_capturing = set->capturing();
    m_groupCount = m_capturing ? 1 : 0;
    const bool bounded = m_boundaryBefore || m_boundaryAfter;
    m_emptyCode = compileCode(bounded ? "\\b" : "", 0, nullptr);
    if (bounded)
        m_boundaryCode = compileCode("(?s).\\b", 0, nullptr);
    m_literalSearch = m_literals && m_emptyCode && (!bounded || m_boundaryCode);
    return m_literalSearch;
}

std::unique_ptr<Regex> Regex::compile(
    std::string_view pattern, RegexError *error, RegexUse use, RegexEngine engine)
{
    std::unique_ptr<Regex> regex(new Regex);
    regex->m_pattern.assign(pattern);
    if (engine == RegexEngine::LiteralSet) {
        if (regex->buildLiteralSet(detail::RegexLiteralSet::fromPattern(pattern)))
            return regex;
        if (error)
            *error = {"not an alternation of plain literals", 0};
        return nullptr;
    }
    regex->m_code = compileCode(pattern, 0, error);
    if (!regex->m_code) {
        // PCRE2 refuses long alternations ("regular expression is too large"): a literal set
        // runs on the automaton instead.
        if (engine == RegexEngine::Auto
            && regex->buildLiteralSet(detail::RegexLiteralSet::fromPattern(pattern)))
            return regex;
        return nullptr;
    }
    if (engine == RegexEngine::Auto) {
        const std::optional<detail::RegexLiteralSet> set =
            detail::RegexLiteralSet::fromPattern(pattern);
        if (set && set->alternatives().size() >= kLiteralSetAlternatives
            && (!set->caseless() || set->ascii())) {
            std::uint32_t groups = 0;
            pcre2_pattern_info(regex->m_code, PCRE2_INFO_CAPTURECOUNT, &groups);
            if (regex->buildLiteralSet(set) && groups == regex->m_groupCount)
                return regex;
            regex->m_literalSearch = false;
        }
    }
    regex->m_prefilter = detail::RegexPrefilter::fromPattern(pattern);
    pcre2_pattern_info(regex->m_code, PCRE2_INFO_CAPTURECOUNT, &regex->m_groupCount);
    if (use == RegexUse::Search)
        return regex; // fullMatch() then anchors at match time, without the JIT
    // Python's fullmatch: the whole subject, with backtracking into the pattern to get there
    // (the same as `\A(?:p)\z`). A second compiled form rather than match-time PCRE2_ANCHORED,
    // which would switch the JIT off.
    regex->m_fullCode = compileCode(pattern, PCRE2_ANCHORED | PCRE2_ENDANCHORED, error);
    if (!regex->m_fullCode)
        return nullptr;
    pcre2_pattern_info(regex->m_code, PCRE2_INFO_CAPTURECOUNT, &regex->m_groupCount);
    return regex;
}

Regex::~Regex()
{
    pcre2_code_free(m_code);
    pcre2_code_free(m_fullCode);
    pcre2_code_free(m_emptyCode);
    pcre2_code_free(m_boundaryCode);
}

std::string_view Regex::engineName() const noexcept
{
    return m_literalSearch ? "literal set" : "pcre2";
}

std::optional<std::uint32_t> Regex::groupNumber(std::string_view name) const
{
    // PCRE2 wants a NUL-terminated name; group names are at most 128 code units.
    std::array<char, 136> buffer {};
    if (name.size() >= buffer.size() || name.find('\0') != std::string_view::npos)
        return std::nullopt;
    name.copy(buffer.data(), name.size());
    if (!m_code)
        return std::nullopt; // a literal set has no named group
    const int number =
        pcre2_substring_number_from_name(m_code, reinterpret_cast<PCRE2_SPTR>(buffer.data()));
    if (number < 0)
        return std::nullopt;
    return static_cast<std::uint32_t>(number);
}

MatchOutcome Regex::search(std::string_view subject, EvalScratch &scratch, std::string &error,
    std::size_t start, bool notEmptyAtStart, bool asciiSubject) const
{
    if (m_literalSearch)
        return searchLiterals(subject, scratch, start, notEmptyAtStart, asciiSubject);
    return searchPcre2(subject, scratch, error, start, notEmptyAtStart, asciiSubject);
}

MatchOutcome Regex::searchPcre2(std::string_view subject, EvalScratch &scratch, std::string &error,
    std::size_t start, bool notEmptyAtStart, bool asciiSubject) const
{
    // A match lies at or after `start`, and so do the literals it contains.
    if (m_prefilter && start <= subject.size()
        && !m_prefilter->mayMatch(subject.substr(start), asciiSubject))
        return MatchOutcome::NoMatch;
    return runMatch(
        m_code, subject, scratch, error, start, notEmptyAtStart ? PCRE2_NOTEMPTY_ATSTART : 0);
}

MatchOutcome Regex::fullMatch(
    std::string_view subject, EvalScratch &scratch, std::string &error, bool asciiSubject) const
{
    if (m_literalSearch)
        return fullMatchLiterals(subject, scratch, asciiSubject);
    if (m_prefilter && !m_prefilter->mayMatch(subject, asciiSubject))
        return MatchOutcome::NoMatch;
    if (!m_fullCode)
        return runMatch(m_code, subject, scratch, error, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED);
    return runMatch(m_fullCode, subject, scratch, error, 0, 0);
}

std::optional<RegexSpan> Regex::group(const EvalScratch &scratch, std::uint32_t n) noexcept
{
    pcre2_match_data *data = scratch.matchData();
    if (n >= pcre2_get_ovector_count(data))
        return std::nullopt;
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
    if (ovector[2 * n] == PCRE2_UNSET)
        return std::nullopt;
    return RegexSpan {ovector[2 * n], ovector[2 * n + 1]};
}

bool Regex::boundaryAt(std::string_view subject, std::size_t offset, EvalScratch &scratch) const
{
    // Between two ASCII characters (or an ASCII one and an end of the text) `\b` is whether
    // exactly one side is a word character, which under PCRE2_UCP below 0x80 are [A-Za-z0-9_]:
    // answered without a PCRE2 call, the common case of a word list's candidates.
    const auto isAsciiAt = [&](std::size_t i) {
        return static_cast<unsigned char>(subject[i]) < 0x80;
    };
    const auto isWordAt = [&](std::size_t i) {
        return ascii::isAlnum(subject[i]) || subject[i] == '_';
    };
    if ((offset == 0 || isAsciiAt(offset - 1)) && (offset >= subject.size() || isAsciiAt(offset)))
        return (offset > 0 && isWordAt(offset - 1))
            != (offset < subject.size() && isWordAt(offset));
    // PCRE2's own `\b` (its Unicode version's word characters), asked on the two code points
    // around `offset` only: a whole 2 KB subject would cost PCRE2's UTF check of all of it on
    // every call. `(?s).\b` anchored at the code point before `offset` is `\b` at `offset`
    // seen from inside a match, where PCRE2's search meets it.
    const std::size_t end =
        offset < subject.size() ? offset + utf8::decodeAt(subject, offset).length : offset;
    std::size_t from = offset;
    const pcre2_code *code = m_emptyCode;
    if (offset > 0) {
        from = offset - 1;
        while (from > 0 && offset - from < 4
            && (static_cast<unsigned char>(subject[from]) & 0xC0) == 0x80)
            --from;
        code = m_boundaryCode;
    }
    return pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data() + from), end - from, 0,
               PCRE2_ANCHORED, scratch.matchData(), scratch.matchContext())
        >= 0;
}

void Regex::setLiteralMatch(EvalScratch &scratch, std::size_t begin, std::size_t end) const
{
    // The literal set's match where Regex::group() reads PCRE2's: group 0, and group 1 (the
    // same span) when the alternation is a capturing group; every other group unset.
    pcre2_match_data *data = scratch.matchData();
    PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
    const std::uint32_t pairs = pcre2_get_ovector_count(data);
    std::fill(ovector, ovector + 2 * std::size_t {pairs}, PCRE2_UNSET);
    ovector[0] = begin;
    ovector[1] = end;
    if (m_capturing && pairs > 1) {
        ovector[2] = begin;
        ovector[3] = end;
    }
}

// Which occurrences of an alternative the literal set accepts: `\b` where the pattern has it,
// and for fullMatch() only one that covers the whole subject.
struct Regex::LiteralFilter
{
    const Regex *regex;
    std::string_view subject;
    EvalScratch *scratch;
    bool whole;

    static bool accepts(const void *context, std::size_t begin, std::size_t end)
    {
        const auto &[regex, subject, scratch, whole] = *static_cast<const LiteralFilter *>(context);
        return (!whole || (begin == 0 && end == subject.size()))
            && (!regex->m_boundaryBefore || regex->boundaryAt(subject, begin, *scratch))
            && (!regex->m_boundaryAfter || regex->boundaryAt(subject, end, *scratch));
    }
};

MatchOutcome Regex::searchLiterals(std::string_view subject, EvalScratch &scratch,
    std::size_t start, bool notEmptyAtStart, bool asciiSubject) const
{
    if (start > subject.size())
        return MatchOutcome::NoMatch;
    const LiteralFilter context {this, subject, &scratch, false};
    const bool bounded = m_boundaryBefore || m_boundaryAfter;
    WordListHit hit;
    bool found =
        m_literals->searchFrom(subject, start, asciiSubject, WordList::Search::LeftmostFirst,
            bounded ? WordList::Filter {&LiteralFilter::accepts, &context} : WordList::Filter {},
            scratch.wordListScratch(), hit);
    // The empty alternative matches where PCRE2 finds `\b` (or the empty pattern): at the
    // same place an earlier alternative wins, as PCRE2 tries them in order.
    if (m_literals->emptyItem() != UINT32_MAX) {
        const int rc = pcre2_match(m_emptyCode, reinterpret_cast<PCRE2_SPTR>(subject.data()),
            subject.size(), start, notEmptyAtStart ? PCRE2_NOTEMPTY_ATSTART : 0,
            scratch.matchData(), scratch.matchContext());
        if (rc >= 0) {
            const std::size_t at = pcre2_get_ovector_pointer(scratch.matchData())[0];
            const WordListHit empty {m_literals->emptyItem(), at, at};
            if (!found || std::make_pair(at, empty.item) < std::make_pair(hit.begin, hit.item)) {
                hit = empty;
                found = true;
            }
        }
    }
    if (!found)
        return MatchOutcome::NoMatch;
    setLiteralMatch(scratch, hit.begin, hit.end);
    return MatchOutcome::Matched;
}

MatchOutcome Regex::fullMatchLiterals(
    std::string_view subject, EvalScratch &scratch, bool asciiSubject) const
{
    // The subject is one of the alternatives, with `\b` holding at its ends: at 0 and at its
    // end there is no word character outside, so a boundary there is a word character inside.
    if (subject.empty()) {
        if (m_literals->emptyItem() == UINT32_MAX || m_boundaryBefore || m_boundaryAfter)
            return MatchOutcome::NoMatch;
        setLiteralMatch(scratch, 0, 0);
        return MatchOutcome::Matched;
    }
    const LiteralFilter context {this, subject, &scratch, true};
    WordListHit hit;
    if (!m_literals->searchFrom(subject, 0, asciiSubject, WordList::Search::LeftmostFirst,
            {&LiteralFilter::accepts, &context}, scratch.wordListScratch(), hit))
        return MatchOutcome::NoMatch;
    setLiteralMatch(scratch, hit.begin, hit.end);
    return MatchOutcome::Matched;
}

bool Regex::substitute(std::string_view subject, std::string_view replacement, EvalScratch &scratch,
    std::string &out, std::string &error, bool asciiSubject) const
{
    // One search per match (each charged to the clause's regex budget, as find_all's are),
    // PCRE2 expanding the replacement for the match just found.
    out.clear();
    std::size_t copied = 0; // bytes of the subject before this are in `out`
    bool expanded = true;
    // PCRE2 expands its own matches only; a literal set (also one Auto chose over PCRE2's
    // compiled form, whose search would be the slow one) expands its matches itself.
    const bool literals = m_literalSearch;
    const MatchOutcome outcome = forEachMatchOn(
        literals, subject, scratch, error,
        [&] {
            const RegexSpan whole = *group(scratch, 0);
            out.append(subject.substr(copied, whole.begin - copied));
            copied = whole.end;
            expanded = literals ? expandLiterals(subject, replacement, scratch, out, error)
                                : expand(subject, replacement, scratch, out, error);
            return expanded;
        },
        asciiSubject);
    if (outcome == MatchOutcome::Failed || !expanded) {
        out.clear();
        return false;
    }
    if (out.size() + (subject.size() - copied) > limits::kStringBytes) {
        out.clear();
        error = tooLarge();
        return false;
    }
    out.append(subject.substr(copied));
    return true;
}

std::string Regex::tooLarge()
{
    return "regex_replace(): result too large (over 16 MiB)";
}

bool Regex::expand(std::string_view subject, std::string_view replacement, EvalScratch &scratch,
    std::string &out, std::string &error) const
{
    constexpr std::uint32_t options = PCRE2_SUBSTITUTE_MATCHED | PCRE2_SUBSTITUTE_REPLACEMENT_ONLY
        | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH;
    const std::size_t base = out.size();
    // Room for the usual expansion (resize grows the capacity geometrically); on overflow
    // PCRE2 says how much it needs.
    out.resize(base + replacement.size() + 64);
    for (int attempt = 0; attempt < 2; ++attempt) {
        PCRE2_SIZE length = out.size() - base;
        const int rc = pcre2_substitute(m_code, reinterpret_cast<PCRE2_SPTR>(subject.data()),
            subject.size(), 0, options, scratch.matchData(), scratch.matchContext(),
            reinterpret_cast<PCRE2_SPTR>(replacement.data()), replacement.size(),
            reinterpret_cast<PCRE2_UCHAR *>(out.data() + base), &length);
        if (rc >= 0) {
            out.resize(base + length);
            if (out.size() > limits::kStringBytes) {
                error = tooLarge();
                return false;
            }
            return true;
        }
        if (rc == PCRE2_ERROR_NOMEMORY && attempt == 0) {
            if (length > limits::kStringBytes - std::min(base, limits::kStringBytes)) {
                out.resize(base);
                error = tooLarge();
                return false;
            }
            out.resize(base + length);
            continue;
        }
        out.resize(base);
        error = "invalid regex replacement: " + pcre2Message(rc);
        return false;
    }
    out.resize(base);
    error = "regex replacement failed";
    return false;
}

bool Regex::expandLiterals(std::string_view subject, std::string_view replacement,
    EvalScratch &scratch, std::string &out, std::string &error) const
{
    // pcre2_substitute()'s reading of a replacement (PCRE2_SUBSTITUTE_EXTENDED off): `$$`;
    // `$n`, `${n}`, `$name`, `${name}` (names of ASCII letters, digits and '_', at most 32);
    // `$*MARK`, `${*MARK}` (a literal set sets no mark: nothing). Its error codes, in its order.
    auto invalid = [&](int code) {
        error = "invalid regex replacement: " + pcre2Message(code);
        return false;
    };
    const std::size_t size = replacement.size();
    for (std::size_t i = 0; i < size; ++i) {
        if (replacement[i] != '$') {
            out += replacement[i];
            continue;
        }
        if (++i >= size)
            return invalid(PCRE2_ERROR_BADREPLACEMENT);
        if (replacement[i] == '$') {
            out += '$';
            continue;
        }
        const bool braced = replacement[i] == '{';
        if (braced && ++i >= size)
            return invalid(PCRE2_ERROR_BADREPLACEMENT);
        const bool star = replacement[i] == '*';
        if (star && ++i >= size)
            return invalid(PCRE2_ERROR_BADREPLACEMENT);
        std::int64_t number = -1;
        std::string name;
        if (!star && ascii::isDigit(replacement[i])) {
            number = replacement[i] - '0';
            while (++i < size && ascii::isDigit(replacement[i])) {
                number = number * 10 + (replacement[i] - '0');
                if (number > m_groupCount)
                    return invalid(PCRE2_ERROR_NOSUBSTRING);
            }
        } else {
            while (i < size && (ascii::isAlnum(replacement[i]) || replacement[i] == '_')) {
                name += replacement[i++];
                if (name.size() > 32)
                    return invalid(PCRE2_ERROR_BADREPLACEMENT);
            }
            if (name.empty())
                return invalid(PCRE2_ERROR_BADREPLACEMENT);
        }
        if (braced) {
            if (i >= size || replacement[i] != '}')
                return invalid(PCRE2_ERROR_BADREPLACEMENT);
            ++i;
        }
        --i; // the loop steps past the reference's last character
        if (star) {
            if (name != "MARK")
                return invalid(PCRE2_ERROR_BADREPLACEMENT);
            continue;
        }
        if (number < 0 || number > m_groupCount) // a literal set has no named group
            return invalid(PCRE2_ERROR_NOSUBSTRING);
        const std::optional<RegexSpan> span = group(scratch, static_cast<std::uint32_t>(number));
        if (span)
            out.append(subject.substr(span->begin, span->size()));
        if (out.size() > limits::kStringBytes) {
            error = tooLarge();
            return false;
        }
    }
    return true;
}

} // namespace llmcl::engine
