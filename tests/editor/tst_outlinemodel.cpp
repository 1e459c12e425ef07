// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/outlinemodel.h"
#include "engine/languageservice.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

using llmcl::editor::OutlineModel;

namespace {

std::vector<llmcl::engine::DocumentSymbol> symbolsOf(const char *text)
{
    return llmcl::engine::LanguageService::analyse("outline.llmcl", text).documentSymbols();
}

const char *const kTwoContracts = "import safety\n"
                                  "contract A(limit = 10) {\n"
                                  "    ensure len(response) < limit\n"
                                  "    require true\n"
                                  "}\n"
                                  "contract B {\n"
                                  "    ensure true\n"
                                  "}\n";

} // namespace

// The Outline: the tree of imports, contracts, parameters and clauses, checked with
// QAbstractItemModelTester, updated in place (no reset) as the document changes.
class TestOutlineModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tree();
    void updateKeepsUnchangedRows();
    void indexAtOffset();
    void replacingTheDocumentResets();
};

void TestOutlineModel::tree()
{
    OutlineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSymbols(symbolsOf(kTwoContracts), true);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, 0).data(OutlineModel::KindRole).toInt(),
        int(llmcl::engine::DocumentSymbol::Kind::Import));
    const QModelIndex a = model.index(1, 0);
    QCOMPARE(a.data().toString(), QStringLiteral("A"));
    QCOMPARE(model.rowCount(a), 3); // limit, then two clauses
    QCOMPARE(model.index(0, 0, a).data(OutlineModel::NameRole).toString(), QStringLiteral("limit"));
    const QString clause = model.index(1, 0, a).data().toString();
    QVERIFY2(clause.startsWith(QStringLiteral("#1 ")), qPrintable(clause));
    QVERIFY2(clause.contains(QStringLiteral("len(response)")), qPrintable(clause));
    QCOMPARE(model.index(1, 0, a).data(OutlineModel::LineRole).toInt(), 3);
    QCOMPARE(model.parent(model.index(1, 0, a)), a);
    QVERIFY(!model.index(0, 0, a).data(Qt::DecorationRole).isNull());
}

void TestOutlineModel::updateKeepsUnchangedRows()
{
    OutlineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSymbols(symbolsOf(kTwoContracts), true);
    const QPersistentModelIndex b = model.index(2, 0);
    const QPersistentModelIndex aFirstClause = model.index(1, 0, model.index(1, 0));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // A clause added to B, and A's first clause edited: A and B stay, the clause is inserted.
    model.setSymbols(symbolsOf("import safety\n"
                               "contract A(limit = 10) {\n"
                               "    ensure len(response) < limit + 1\n"
                               "    require true\n"
                               "}\n"
                               "contract B {\n"
                               "    ensure true\n"
                               "    ensure false\n"
                               "}\n"));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QVERIFY(b.isValid());
    QCOMPARE(b.data().toString(), QStringLiteral("B"));
    QCOMPARE(model.rowCount(b), 2);
    QVERIFY(aFirstClause.isValid());
    QVERIFY(aFirstClause.data().toString().contains(QStringLiteral("limit + 1")));
    QVERIFY(changed.count() >= 1);

    // A removed: its row goes, B's persistent index moves up.
    model.setSymbols(symbolsOf("import safety\ncontract B {\n    ensure true\n}\n"));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(b.isValid());
    QCOMPARE(b.row(), 1);
    QVERIFY(!aFirstClause.isValid());
}

void TestOutlineModel::indexAtOffset()
{
    OutlineModel model;
    model.setSymbols(symbolsOf(kTwoContracts), true);
    const std::string text = kTwoContracts;
    const QModelIndex clause = model.indexAt(text.find("len(response)"));
    QVERIFY(clause.isValid());
    QCOMPARE(clause.data(OutlineModel::KindRole).toInt(),
        int(llmcl::engine::DocumentSymbol::Kind::Clause));
    QCOMPARE(clause.parent().data().toString(), QStringLiteral("A"));
    const QModelIndex contract = model.indexAt(text.find("contract B"));
    QCOMPARE(contract.data().toString(), QStringLiteral("B"));
    QVERIFY(!model.indexAt(text.size() + 10).isValid());
}

void TestOutlineModel::replacingTheDocumentResets()
{
    OutlineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSymbols(symbolsOf(kTwoContracts), true);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setSymbols(symbolsOf("contract Other {\n    ensure true\n}\n"), true);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestOutlineModel)
#include "tst_outlinemodel.moc"
