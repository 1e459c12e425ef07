// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/regexprefilter.h"

#include "engine/ascii.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace llmcl::engine::detail {

namespace {

// More literals than this cost more to look for than PCRE2's own start-of-match scan saves.
constexpr std::size_t kMaxLiterals = 8;
constexpr std::size_t kMaxDepth = 32; // of nested groups

// Alternatives of which every match of a (sub)pattern contains at least one.
using Factor = std::vector<std::string>;

std::size_t shortest(const Factor &factor)
{
    std::size_t n = SIZE_MAX;
    for (const std::string &s : factor)
        n = std::min(n, s.size());
    return n;
}

// Whether `candidate` filters better than `best`: longer literals first (fewer false
// candidates), then fewer of them (fewer comparisons per block of text).
bool isBetterFactor(const Factor &candidate, const std::optional<Factor> &best)
{
    if (candidate.empty() || candidate.size() > kMaxLiterals || shortest(candidate) < 2)
        return false;
    if (!best)
        return true;
    const std::size_t a = std::min<std::size_t>(shortest(candidate), 4);
    const std::size_t b = std::min<std::size_t>(shortest(*best), 4);
    return a != b ? a > b : candidate.size() < best->size();
}

// A recursive-descent reading of the subset of PCRE2's syntax the prefilter understands; any
// other construct sets `failed`, and the pattern gets no prefilter.
class PatternReader
{
public:
    PatternReader(std::string_view pattern, std::size_t at, bool caseless)
        : m_p(pattern)
        , m_i(at)
        , m_caseless(caseless)
    { }

    bool failed = false;

    // Alternatives up to the closing parenthesis or the end: the factor every one requires.
    std::optional<Factor> alternation(std::size_t depth)
    {
        if (depth > kMaxDepth) {
            failed = true;
            return std::nullopt;
        }
        Factor all;
        bool eachHasOne = true;
        for (;;) {
            std::optional<Factor> factor = sequence(depth);
            if (failed)
                return std::nullopt;
            if (factor)
                all.insert(all.end(), factor->begin(), factor->end());
            else
                eachHasOne = false;
            if (m_i < m_p.size() && m_p[m_i] == '|') {
                ++m_i;
                continue;
            }
            break;
        }
        if (!eachHasOne)
            return std::nullopt;
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        if (all.size() > kMaxLiterals)
            return std::nullopt;
        return all;
    }

    bool atEnd() const noexcept { return m_i == m_p.size(); }
    bool at(char c) const noexcept { return m_i < m_p.size() && m_p[m_i] == c; }
    void skip() noexcept { ++m_i; }

private:
    enum class Atom
    {
        Literal, // one character, in `literal`
        Other, // consumes text that is not a fixed literal (a class, `.`, `\d`…)
        ZeroWidth, // `\b`, `^`…
        Group, // its factor in `group`
    };

    // A sequence of atoms up to `|`, `)` or the end: the best factor it requires.
    std::optional<Factor> sequence(std::size_t depth)
    {
        std::optional<Factor> best;
        std::string run; // literal characters in a row, all required
        const auto endRun = [&] {
            if (isBetterFactor(Factor {run}, best))
                best = Factor {run};
            run.clear();
        };
        while (m_i < m_p.size() && m_p[m_i] != '|' && m_p[m_i] != ')') {
            char literal = 0;
            std::optional<Factor> group;
            const Atom atom = readAtom(depth, literal, group);
            if (failed)
                return std::nullopt;
            std::size_t minimum = 1;
            const bool quantified = readQuantifier(minimum);
            if (failed)
                return std::nullopt;
            switch (atom) {
            case Atom::Literal:
                if (minimum == 0) {
                    endRun();
                    break;
                }
                run += literal;
                if (quantified) // "ab+c": "ab" is required, but not "abc"
                    endRun();
                break;
            case Atom::Other:
            case Atom::ZeroWidth:
                endRun();
                break;
            case Atom::Group:
                endRun();
                if (minimum > 0 && group && isBetterFactor(*group, best))
                    best = std::move(group);
                break;
            }
        }
        endRun();
        return best;
    }

    Atom readAtom(std::size_t depth, char &literal, std::optional<Factor> &group)
    {
        const char c = m_p[m_i++];
        if (static_cast<unsigned char>(c) >= 0x80) {
            failed = true; // a multi-byte code point: quantifiers would apply to all of it
            return Atom::Other;
        }
        switch (c) {
        case '\\':
            return readEscape(literal);
        case '.':
            return Atom::Other;
        case '^':
        case '$':
            return Atom::ZeroWidth;
        case '[':
            readClass();
            return Atom::Other;
        case '(':
            group = readGroup(depth);
            return Atom::Group;
        case '*':
        case '+':
        case '?':
        case '{':
        case ']':
        case '}':
            failed = true; // a quantifier without an atom, or a brace PCRE2 may take literally
            return Atom::Other;
        default:
            literal = m_caseless ? ascii::toLower(c) : c;
            return Atom::Literal;
        }
    }

    Atom readEscape(char &literal)
    {
        if (m_i >= m_p.size()) {
            failed = true;
            return Atom::Other;
        }
        const char c = m_p[m_i++];
        if (std::strchr("bBAzZG", c))
            return Atom::ZeroWidth;
        if (std::strchr("dDwWsShHvVRN", c))
            return Atom::Other;
        if (static_cast<unsigned char>(c) < 0x80 && !ascii::isAlnum(c) && c > ' ' && c != 0x7F) {
            literal = c; // escaped punctuation: itself
            return Atom::Literal;
        }
        failed = true; // \x, \p, \Q, \1, \k, \n, \K…: not understood here
        return Atom::Other;
    }

    void readClass()
    {
        if (at('^'))
            skip();
        if (at(']'))
            skip(); // a leading ] is a member
        while (m_i < m_p.size() && m_p[m_i] != ']') {
            if (m_p[m_i] == '\\') {
                m_i += 2;
            } else if (m_p.substr(m_i).starts_with("[:")) {
                const std::size_t close = m_p.find(":]", m_i + 2);
                if (close == std::string_view::npos) {
                    failed = true;
                    return;
                }
                m_i = close + 2;
            } else {
                ++m_i;
            }
        }
        if (m_i >= m_p.size()) {
            failed = true;
            return;
        }
        ++m_i; // ]
    }

    std::optional<Factor> readGroup(std::size_t depth)
    {
        if (at('*')) {
            failed = true; // (*VERB)
            return std::nullopt;
        }
        if (at('?')) {
            skip();
            if (at(':')) {
                skip();
            } else if (m_p.substr(m_i).starts_with("P<") || at('<') || at('\'')) {
                // A named group: (?<name>…), (?P<name>…), (?'name'…); not (?<=…) or (?<!…).
                if (at('P'))
                    skip();
                const char close = m_p[m_i] == '<' ? '>' : '\'';
                skip();
                if (m_i >= m_p.size() || !(ascii::isAlpha(m_p[m_i]) || m_p[m_i] == '_')) {
                    failed = true;
                    return std::nullopt;
                }
                while (m_i < m_p.size() && (ascii::isAlnum(m_p[m_i]) || m_p[m_i] == '_'))
                    skip();
                if (!at(close)) {
                    failed = true;
                    return std::nullopt;
                }
                skip();
            } else {
                failed = true; // look-around, atomic groups, options, conditions, comments
                return std::nullopt;
            }
        }
        std::optional<Factor> factor = alternation(depth + 1);
        if (failed)
            return std::nullopt;
        if (!at(')')) {
            failed = true;
            return std::nullopt;
        }
        skip();
        return factor;
    }

    // A quantifier after an atom: sets `minimum` (the fewest repetitions) and returns true, or
    // returns false when there is none.
    bool readQuantifier(std::size_t &minimum)
    {
        if (m_i >= m_p.size())
            return false;
        const char c = m_p[m_i];
        if (c == '?' || c == '*') {
            minimum = 0;
            ++m_i;
        } else if (c == '+') {
            minimum = 1;
            ++m_i;
        } else if (c == '{') {
            // {n}, {n,}, {n,m}, {,m}; anything else after an atom: not understood here.
            std::size_t j = m_i + 1;
            std::size_t n = 0;
            bool digits = false;
            while (j < m_p.size() && ascii::isDigit(m_p[j]) && n < 100000) {
                n = n * 10 + static_cast<std::size_t>(m_p[j] - '0');
                digits = true;
                ++j;
            }
            bool comma = false;
            if (j < m_p.size() && m_p[j] == ',') {
                comma = true;
                ++j;
                while (j < m_p.size() && ascii::isDigit(m_p[j]))
                    ++j;
            }
            if (j >= m_p.size() || m_p[j] != '}' || (!digits && !comma)) {
                failed = true;
                return false;
            }
            minimum = digits ? n : 0;
            m_i = j + 1;
        } else {
            return false;
        }
        if (m_i < m_p.size() && (m_p[m_i] == '?' || m_p[m_i] == '+'))
            ++m_i; // lazy or possessive
        return true;
    }

    std::string_view m_p;
    std::size_t m_i;
    bool m_caseless;
};

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHigh = 0x8080808080808080ULL;

} // namespace

std::optional<RegexPrefilter> RegexPrefilter::fromPattern(std::string_view pattern)
{
    // Leading options: (?i) makes the literals caseless; (?m) and (?s) change no literal.
    bool caseless = false;
    std::size_t start = 0;
    if (pattern.starts_with("(?")) {
        std::size_t j = 2;
        while (j < pattern.size() && std::strchr("ims", pattern[j]) && pattern[j] != '\0') {
            caseless = caseless || pattern[j] == 'i';
            ++j;
        }
        if (j > 2 && j < pattern.size() && pattern[j] == ')')
            start = j + 1;
        else
            caseless = false; // another group: read with the rest
    }
    PatternReader reader(pattern, start, caseless);
    std::optional<Factor> factor = reader.alternation(0);
    if (reader.failed || !reader.atEnd() || !factor || factor->empty())
        return std::nullopt;
    RegexPrefilter prefilter;
    prefilter.m_caseless = caseless;
    for (const std::string &literal : *factor) {
        const auto fold = [&](char c) -> std::uint64_t {
            return caseless && ascii::isAlpha(c) ? 0x20 * kOnes : 0;
        };
        Pair pair;
        pair.first = static_cast<unsigned char>(literal[0]) * kOnes;
        pair.second = static_cast<unsigned char>(literal[1]) * kOnes;
        pair.firstFold = fold(literal[0]);
        pair.secondFold = fold(literal[1]);
        prefilter.m_pairs.push_back(pair);
    }
    for (const std::string &literal : *factor) {
        prefilter.m_hasK = prefilter.m_hasK || (caseless && literal.find('k') != std::string::npos);
        prefilter.m_hasS = prefilter.m_hasS || (caseless && literal.find('s') != std::string::npos);
    }
    prefilter.m_literals = std::move(*factor);
    return prefilter;
}

bool RegexPrefilter::literalAt(
    const std::string &literal, std::string_view subject, std::size_t at) const noexcept
{
    if (subject.size() - at < literal.size())
        return false;
    if (!m_caseless)
        return std::memcmp(subject.data() + at, literal.data(), literal.size()) == 0;
    for (std::size_t j = 0; j < literal.size(); ++j)
        if (ascii::toLower(subject[at + j]) != literal[j])
            return false;
    return true;
}

bool RegexPrefilter::mayMatch(std::string_view subject, bool asciiSubject) const noexcept
{
    // Under (?i) two non-ASCII characters match ASCII letters: K (the Kelvin sign, U+212A) is
    // k and ſ (long s, U+017F) is s; no other code point matches any of [a-z0-9_] caselessly
    // (all checked against PCRE2 10.46). A subject that holds one of them where a literal has
    // that letter is PCRE2's to decide; any other subject, ASCII or not, is compared bytewise
    // (a byte of a multi-byte character, ORed with 0x20, stays above 0x7F: no ASCII letter).
    if (m_caseless && !asciiSubject
        && ((m_hasK && subject.find("\xE2\x84\xAA") != std::string_view::npos)
            || (m_hasS && subject.find("\xC5\xBF") != std::string_view::npos)))
        return true;
    const std::size_t n = subject.size();
    std::size_t i = 0;
#if defined(__SSE2__)
    // Sixteen positions at a time: a lane of `hits` is set where a literal's first two bytes
    // start.
    struct Vectors
    {
        __m128i first, second, firstFold, secondFold;
    };
    std::array<Vectors, kMaxLiterals> vectors;
    for (std::size_t k = 0; k < m_pairs.size(); ++k) {
        const auto broadcast = [](std::uint64_t word) {
            return _mm_set1_epi8(static_cast<char>(word & 0xFF));
        };
        vectors[k] = {broadcast(m_pairs[k].first), broadcast(m_pairs[k].second),
            broadcast(m_pairs[k].firstFold), broadcast(m_pairs[k].secondFold)};
    }
    const std::size_t literals = m_pairs.size();
    for (; i + 17 <= n; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(subject.data() + i));
        const __m128i y =
            _mm_loadu_si128(reinterpret_cast<const __m128i *>(subject.data() + i + 1));
        for (std::size_t k = 0; k < literals; ++k) {
            const Vectors &v = vectors[k];
            const __m128i hits =
                _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(x, v.firstFold), v.first),
                    _mm_cmpeq_epi8(_mm_or_si128(y, v.secondFold), v.second));
            for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits)); mask != 0;
                mask &= mask - 1)
                if (literalAt(m_literals[k], subject,
                        i + static_cast<std::size_t>(std::countr_zero(mask))))
                    return true;
        }
    }
#endif
    if constexpr (std::endian::native == std::endian::little) {
        // Eight positions at a time: a byte of t is zero where a literal's first two bytes
        // start; (t - 1) & ~t & 0x80 flags every zero byte (and maybe a byte above one, which
        // the comparison then rejects).
        for (; i + 9 <= n; i += 8) {
            std::uint64_t x;
            std::uint64_t y;
            std::memcpy(&x, subject.data() + i, 8);
            std::memcpy(&y, subject.data() + i + 1, 8);
            for (std::size_t k = 0; k < m_pairs.size(); ++k) {
                const Pair &p = m_pairs[k];
                const std::uint64_t t =
                    ((x | p.firstFold) ^ p.first) | ((y | p.secondFold) ^ p.second);
                for (std::uint64_t zero = (t - kOnes) & ~t & kHigh; zero != 0; zero &= zero - 1)
                    if (literalAt(m_literals[k], subject,
                            i + static_cast<std::size_t>(std::countr_zero(zero)) / 8))
                        return true;
            }
        }
    }
    for (; i + 1 < n; ++i)
        for (const std::string &literal : m_literals)
            if (literalAt(literal, subject, i))
                return true;
    return false;
}

} // namespace llmcl::engine::detail
