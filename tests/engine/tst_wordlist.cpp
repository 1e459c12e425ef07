// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// contains_any / find_any (LANGUAGE.md §6): the word list's semantics (Unicode simple case
// folding, whole words, leftmost-longest-earlier), the same answers from its two search paths
// (one automaton pass for a constant list, item by item for a list computed at run time) on
// generated and real texts, lists of 100,000 words, and what a traced clause explains.

#include "engine/casefold.h"
#include "engine/compiledset.h"
#include "engine/evaluator.h"
#include "engine/wordlist.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <optional>

#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

std::vector<Value> strings(const QStringList &items)
{
    std::vector<Value> values;
    for (const QString &item : items)
        values.push_back(Value::string(item.toStdString()));
    return values;
}

struct Answer
{
    bool found = false;
    WordListHit hit;
};

Answer search(const WordList &list, const std::string &text, bool wholeWords, WordList::Search mode,
    WordListScratch &scratch)
{
    Answer answer;
    const Value value = Value::string(text);
    answer.found = list.search(text, value.isAscii(), wholeWords, mode, scratch, answer.hit);
    return answer;
}

// Both paths on one case; fails the test when they disagree.
Answer both(const std::vector<Value> &items, const std::string &text, bool ignoreCase,
    bool wholeWords, WordList::Search mode)
{
    std::string error;
    const auto scanned = WordList::build(items, ignoreCase, true, error);
    const auto itemwise = WordList::build(items, ignoreCase, false, error);
    if (!scanned || !itemwise) {
        QTest::qFail(error.c_str(), __FILE__, __LINE__);
        return {};
    }
    WordListScratch scratch;
    const Answer a = search(*scanned, text, wholeWords, mode, scratch);
    const Answer b = search(*itemwise, text, wholeWords, mode, scratch);
    const bool same = a.found == b.found
        && (!a.found
            || (mode == WordList::Search::Any ? true // contains_any: any occurrence will do
                                              : a.hit.item == b.hit.item
                        && a.hit.begin == b.hit.begin && a.hit.end == b.hit.end));
    if (!same) {
        const std::string what = "paths disagree on text \"" + text + "\": automaton "
            + (a.found ? std::to_string(a.hit.item) + "@" + std::to_string(a.hit.begin) : "none")
            + ", items "
            + (b.found ? std::to_string(b.hit.item) + "@" + std::to_string(b.hit.begin) : "none");
        QTest::qFail(what.c_str(), __FILE__, __LINE__);
    }
    return a;
}

} // namespace

class TestWordList : public QObject
{
    Q_OBJECT

private slots:
    void caseFolding_data()
    {
        QTest::addColumn<uint>("from");
        QTest::addColumn<uint>("to");
        QTest::newRow("ascii") << uint('K') << uint('k');
        QTest::newRow("long-s") << 0x017Fu << uint('s');
        QTest::newRow("kelvin") << 0x212Au << uint('k');
        QTest::newRow("final-sigma") << 0x03C2u << 0x03C3u;
        QTest::newRow("capital-sigma") << 0x03A3u << 0x03C3u;
        QTest::newRow("sharp-s-kept") << 0x00DFu << 0x00DFu;
        QTest::newRow("capital-sharp-s") << 0x1E9Eu << 0x00DFu;
        QTest::newRow("dotted-capital-i-kept") << 0x0130u << 0x0130u;
        QTest::newRow("micro-sign") << 0x00B5u << 0x03BCu;
        QTest::newRow("greek-prosgegrammeni") << 0x1F88u << 0x1F80u;
        QTest::newRow("cherokee-small-to-capital") << 0xAB70u << 0x13A0u;
        QTest::newRow("deseret") << 0x10400u << 0x10428u;
        QTest::newRow("cjk-unchanged") << 0x4E16u << 0x4E16u;
    }

    void caseFolding()
    {
        QFETCH(uint, from);
        QFETCH(uint, to);
        QCOMPARE(uint(casefold::fold(char32_t(from))), to);
    }

    void semantics_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("items");
        QTest::addColumn<bool>("ignoreCase");
        QTest::addColumn<bool>("wholeWords");
        QTest::addColumn<int>("found"); // find_any's item, -1 for none
        QTest::addColumn<int>("at"); // its byte offset

        const auto row = [](const char *tag, const QString &text, const QStringList &items,
                             bool ignoreCase, bool wholeWords, int found, int at) {
            QTest::newRow(tag) << text << items << ignoreCase << wholeWords << found << at;
        };
        row("plain", u"a darn day"_s, {u"heck"_s, u"darn"_s}, false, false, 1, 2);
        row("none", u"a fine day"_s, {u"heck"_s, u"darn"_s}, false, false, -1, 0);
        row("empty-list", u"anything"_s, {}, true, true, -1, 0);
        row("empty-text", u""_s, {u"a"_s}, false, false, -1, 0);
        row("case-kept", u"DARN"_s, {u"darn"_s}, false, false, -1, 0);
        row("ignore-case", u"DARN"_s, {u"darn"_s}, true, false, 0, 0);
        row("ignore-case-non-ascii-text", u"ÜBER alles"_s, {u"über"_s}, true, false, 0, 0);
        row("ascii-text-long-s-item", u"the sun"_s, {u"ſun"_s}, true, false, 0, 4);
        row("long-s-text", u"ſun"_s, {u"SUN"_s}, true, false, 0, 0);
        row("kelvin-text", u"5 \u212A"_s, {u"k"_s}, true, false, 0, 2);
        row("sigma-forms", u"ΟΔΟΣ"_s, {u"οδος"_s}, true, false, 0, 0);
        row("sharp-s-simple-only", u"STRASSE"_s, {u"straße"_s}, true, false, -1, 0);
        row("capital-sharp-s", u"GROẞ"_s, {u"groß"_s}, true, false, 0, 0);
        row("cjk", u"你好世界"_s, {u"世界"_s}, false, false, 0, 6);
        row("emoji-item", u"ok 👍 fine"_s, {u"👍"_s}, false, true, 0, 3);
        row("whole-words-inside", u"class"_s, {u"ass"_s}, false, true, -1, 0);
        row("whole-words-later", u"classy ass"_s, {u"ass"_s}, false, true, 0, 7);
        row("whole-words-punctuation", u"(darn)"_s, {u"darn"_s}, false, true, 0, 1);
        row("whole-words-underscore", u"darn_it"_s, {u"darn"_s}, false, true, -1, 0);
        row("whole-words-digit", u"darn2"_s, {u"darn"_s}, false, true, -1, 0);
        row("whole-words-superscript", u"x² y"_s, {u"x"_s}, false, true, -1, 0);
        row("whole-words-emoji", u"😀darn😀"_s, {u"darn"_s}, false, true, 0, 4);
        row("whole-words-cjk-letter", u"中darn"_s, {u"darn"_s}, false, true, -1, 0);
        row("whole-words-combining-mark", u"darn\u0301"_s, {u"darn"_s}, false, true, -1, 0);
        row("whole-words-folded", u"Straẞe, GROẞ!"_s, {u"groß"_s}, true, true, 0, 10);
        row("overlapping-leftmost", u"abcd"_s, {u"bcd"_s, u"abc"_s, u"cd"_s}, false, false, 1, 0);
        row("same-place-longest", u"abcd"_s, {u"ab"_s, u"abcd"_s, u"abc"_s}, false, false, 1, 0);
        row("same-item-after-folding", u"X"_s, {u"x"_s, u"X"_s}, true, false, 0, 0);
        row("duplicates", u"b"_s, {u"a"_s, u"b"_s, u"b"_s}, false, false, 1, 0);
        row("empty-item", u"abc"_s, {u""_s, u"zz"_s}, false, false, 0, 0);
        row("empty-item-loses-to-longer", u"abc"_s, {u""_s, u"a"_s}, false, false, 1, 0);
        row("empty-item-whole-words", u"abc - def"_s, {u""_s}, false, true, 0, 4);
        row("empty-item-no-gap", u"abc def"_s, {u""_s}, false, true, -1, 0);
        row("phrase", u"please buy ACME Rockets now"_s, {u"acme rockets"_s}, true, true, 0, 11);
    }

    void semantics()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, items);
        QFETCH(bool, ignoreCase);
        QFETCH(bool, wholeWords);
        QFETCH(int, found);
        QFETCH(int, at);
        const std::vector<Value> values = strings(items);
        const std::string utf8 = text.toStdString();
        const Answer any = both(values, utf8, ignoreCase, wholeWords, WordList::Search::Any);
        QCOMPARE(any.found, found >= 0);
        const Answer first = both(values, utf8, ignoreCase, wholeWords, WordList::Search::Leftmost);
        QCOMPARE(first.found, found >= 0);
        if (found >= 0) {
            QCOMPARE(int(first.hit.item), found);
            QCOMPARE(int(first.hit.begin), at);
        }
    }

    void nonStringItem()
    {
        std::string error;
        const std::vector<Value> items {Value::string("a"), Value::integer(3)};
        QVERIFY(!WordList::build(items, false, true, error));
        QCOMPARE(error, std::string("item 1 of the list is int, not a string"));
    }

    // Generated texts and items over an alphabet rich in the cases that matter (folding that
    // changes byte lengths, word and non-word characters): both paths agree, for every mode.
    void generatedDifferential()
    {
        const QStringList alphabet {u"a"_s, u"b"_s, u"A"_s, u"B"_s, u" "_s, u"ß"_s, u"ẞ"_s, u"ſ"_s,
            u"S"_s, u"s"_s, u"\u212A"_s, u"k"_s, u"_"_s, u"1"_s, u"é"_s, u"\u0301"_s, u"-"_s,
            u"😀"_s, u"中"_s};
        QRandomGenerator random(17);
        const auto pick = [&](int minLength, int maxLength) {
            QString s;
            const int n = random.bounded(minLength, maxLength + 1);
            for (int i = 0; i < n; ++i)
                s += alphabet[random.bounded(int(alphabet.size()))];
            return s;
        };
        for (int round = 0; round < 3000; ++round) {
            QStringList items;
            const int count = random.bounded(0, 8);
            for (int i = 0; i < count; ++i)
                items << pick(0, 3);
            const std::vector<Value> values = strings(items);
            const std::string text = pick(0, 24).toStdString();
            for (int flags = 0; flags < 4; ++flags) {
                both(values, text, flags & 1, flags & 2, WordList::Search::Any);
                both(values, text, flags & 1, flags & 2, WordList::Search::Leftmost);
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }

    // Real conversations (../shared/data): lists made of their own words, searched in their
    // responses.
    void realTextsDifferential()
    {
        QFile file(llmcl::test::sourcePath(u"/../shared/data/sessions-sample.jsonl"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        std::vector<std::string> texts;
        while (!file.atEnd() && texts.size() < 300) {
            const QJsonObject session = QJsonDocument::fromJson(file.readLine()).object();
            for (const QJsonValue &turn : session.value(u"turns"_s).toArray())
                texts.push_back(turn.toObject().value(u"response"_s).toString().toStdString());
        }
        QVERIFY(texts.size() >= 100);
        QRandomGenerator random(5);
        for (std::size_t t = 0; t + 1 < texts.size(); ++t) {
            // Words of the next text (and a few of this one), some upper-cased.
            QStringList items;
            const QStringList words =
                QString::fromStdString(texts[t + 1] + " " + texts[t].substr(0, 60))
                    .split(u' ', Qt::SkipEmptyParts);
            for (int i = 0; i < 20 && !words.isEmpty(); ++i) {
                QString w = words[random.bounded(int(words.size()))];
                items << (random.bounded(2) ? w.toUpper() : w);
            }
            const std::vector<Value> values = strings(items);
            for (int flags = 0; flags < 4; ++flags) {
                both(values, texts[t], flags & 1, flags & 2, WordList::Search::Leftmost);
                both(values, texts[t], flags & 1, flags & 2, WordList::Search::Any);
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }

    // A generated blocklist of 100,000 words, as users write them: found (case folded, whole
    // word) where one occurs, not inside longer words, and the same from both paths.
    void hundredThousandWords()
    {
        std::vector<Value> items;
        items.reserve(100'000);
        for (int i = 0; i < 100'000; ++i)
            items.push_back(Value::string("w" + std::to_string(i) + "x"));
        std::string text;
        while (text.size() < 2000)
            text += "an ordinary sentence of a response, nothing to see here. ";
        std::string error;
        const auto list = WordList::build(items, true, true, error);
        QVERIFY(list);
        QCOMPARE(list->size(), std::size_t {100'000});
        WordListScratch scratch;
        WordListHit hit;
        QVERIFY(!list->search(text, true, true, WordList::Search::Any, scratch, hit));
        QCOMPARE(list->engineName(), std::string_view("automaton"));
        QVERIFY(list->automatonBytes() > 0);
        const std::string withWord = text + " W99999X.";
        QVERIFY(list->search(withWord, true, true, WordList::Search::Leftmost, scratch, hit));
        QCOMPARE(hit.item, 99'999u);
        QCOMPARE(hit.begin, text.size() + 1);
        const std::string inside = text + " aw99999x";
        QVERIFY(!list->search(inside, true, true, WordList::Search::Any, scratch, hit));
        QVERIFY(list->search(inside, true, false, WordList::Search::Any, scratch, hit));
        both(items, withWord, true, true, WordList::Search::Leftmost);
    }

    // Through a contract: a list parameter compiled once, the explanation naming the item and
    // where it occurred (in code points), find_any's value the item as listed.
    void explainsTheOccurrence()
    {
        CompileRequest request;
        request.files = {"blocklist.llmcl"};
        request.overrides["blocklist.llmcl"] =
            "contract Blocklist(blocked = [\"heck\", \"darn\"]) {\n"
            "    ensure not contains_any(response, blocked, ignore_case = true, whole_words = "
            "true)\n"
            "    ensure find_any(response, blocked, ignore_case = true) == null\n"
            "}\n";
        const CompileResult compiled = compileContracts(request);
        QVERIFY(compiled.set);
        Evaluator evaluator(compiled.set);
        TurnInput turn;
        turn.content = "hi";
        turn.response = "Ünïcödé, then DARN it";
        EvalOptions options;
        options.trace = true;
        const TurnResult result = evaluator.evaluateTurn(turn, options);
        const ClauseVerdict &blocked = result.contracts.at(0).clauses.at(0);
        QCOMPARE(blocked.status, ClauseStatus::Fail);
        std::optional<Value> where;
        for (const Explanation &line : blocked.values)
            if (line.expression.ends_with(" found"))
                where = line.value;
        QVERIFY(where);
        QVERIFY(where->isMap());
        std::string described;
        for (const MapEntry &entry : where->asMap())
            described += entry.first + "="
                + std::string(entry.second.isString() ? entry.second.asString()
                                                      : std::to_string(entry.second.asInt()))
                + ";";
        QCOMPARE(described, std::string("item=darn;at=14;text=DARN;"));
        QCOMPARE(result.contracts.at(0).clauses.at(1).status, ClauseStatus::Fail);
    }
};

QTEST_GUILESS_MAIN(TestWordList)
#include "tst_wordlist.moc"
