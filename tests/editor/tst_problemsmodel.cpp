// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contracteditor.h"
#include "editor/problemsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <KSyntaxHighlighting/Repository>

#include <memory>

using llmcl::editor::ContractEditor;
using llmcl::editor::ProblemsModel;
using llmcl::engine::Diagnostic;
using llmcl::engine::Severity;

// The Problems panel's model: rows per document in a stable order, replaced per document,
// following editors (their diagnostics, their file name, their destruction), checked by
// QAbstractItemModelTester throughout.
class TestProblemsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void columnsAndRoles_data();
    void columnsAndRoles();
    void documentsKeepTheirPlace();
    void followsEditors();

private:
    static Diagnostic diagnostic(Severity severity, const char *code, std::uint32_t line,
        std::uint32_t column, std::size_t offset, const char *message);
    QStringList column(int column) const;

    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    ProblemsModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestProblemsModel::initTestCase()
{
    m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
}

void TestProblemsModel::init()
{
    m_model = new ProblemsModel;
    m_tester = new QAbstractItemModelTester(
        m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, m_model);
}

void TestProblemsModel::cleanup()
{
    delete m_model;
}

Diagnostic TestProblemsModel::diagnostic(Severity severity, const char *code, std::uint32_t line,
    std::uint32_t column, std::size_t offset, const char *message)
{
    Diagnostic d;
    d.severity = severity;
    d.code = code;
    d.message = message;
    d.range.begin = {offset, line, column};
    d.range.end = {offset + 3, line, column + 3};
    return d;
}

QStringList TestProblemsModel::column(int column) const
{
    QStringList values;
    for (int row = 0; row < m_model->rowCount(); ++row)
        values.append(m_model->index(row, column).data().toString());
    return values;
}

void TestProblemsModel::columnsAndRoles_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("role");
    QTest::addColumn<QVariant>("expected");
    QTest::newRow("severity") << int(ProblemsModel::SeverityColumn) << int(Qt::DisplayRole)
                              << QVariant(QStringLiteral("warning"));
    QTest::newRow("code") << int(ProblemsModel::CodeColumn) << int(Qt::DisplayRole)
                          << QVariant(QStringLiteral("W2001"));
    QTest::newRow("message") << int(ProblemsModel::MessageColumn) << int(Qt::DisplayRole)
                             << QVariant(QStringLiteral("unknown name 'x'"));
    QTest::newRow("file") << int(ProblemsModel::FileColumn) << int(Qt::DisplayRole)
                          << QVariant(QStringLiteral("main.llmcl"));
    QTest::newRow("line") << int(ProblemsModel::LineColumn) << int(Qt::DisplayRole) << QVariant(7);
    QTest::newRow("column") << int(ProblemsModel::ColumnColumn) << int(Qt::DisplayRole)
                            << QVariant(12);
    QTest::newRow("tooltip") << int(ProblemsModel::MessageColumn) << int(Qt::ToolTipRole)
                             << QVariant(QStringLiteral(
                                    "/w/main.llmcl:7:12: warning W2001: unknown name 'x'"));
    QTest::newRow("path-role") << 0 << int(ProblemsModel::FilePathRole)
                               << QVariant(QStringLiteral("/w/main.llmcl"));
    QTest::newRow("severity-role")
        << 0 << int(ProblemsModel::SeverityRole) << QVariant(int(Severity::Warning));
    QTest::newRow("offset-role") << 0 << int(ProblemsModel::BeginOffsetRole) << QVariant(99ULL);
    QTest::newRow("end-role") << 0 << int(ProblemsModel::EndOffsetRole) << QVariant(102ULL);
}

void TestProblemsModel::columnsAndRoles()
{
    QFETCH(int, column);
    QFETCH(int, role);
    QFETCH(QVariant, expected);
    QObject document;
    m_model->setDocumentDiagnostics(&document, QStringLiteral("/w/main.llmcl"),
        {diagnostic(Severity::Warning, "W2001", 7, 12, 99, "unknown name 'x'")});
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->columnCount(), int(ProblemsModel::ColumnCount));
    const QVariant value = m_model->index(0, column).data(role);
    QCOMPARE(value.toString(), expected.toString());
    QVERIFY(!m_model->index(0, ProblemsModel::SeverityColumn)
            .data(Qt::DecorationRole)
            .value<QIcon>()
            .isNull());
    QCOMPARE(
        m_model->headerData(ProblemsModel::CodeColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
        QStringLiteral("Code"));
}

void TestProblemsModel::documentsKeepTheirPlace()
{
    QObject a;
    QObject b;
    QSignalSpy counts(m_model, &ProblemsModel::countsChanged);
    m_model->setDocumentDiagnostics(&a, QStringLiteral("/w/a.llmcl"),
        {diagnostic(Severity::Error, "E1", 1, 1, 0, "a1"),
            diagnostic(Severity::Warning, "W1", 2, 1, 10, "a2")});
    m_model->setDocumentDiagnostics(
        &b, QStringLiteral("/w/b.llmcl"), {diagnostic(Severity::Info, "I1", 1, 1, 0, "b1")});
    QCOMPARE(column(ProblemsModel::MessageColumn),
        (QStringList {QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("b1")}));
    QCOMPARE(m_model->count(Severity::Error), 1);
    QCOMPARE(m_model->count(Severity::Warning), 1);
    QCOMPARE(m_model->count(Severity::Info), 1);

    // a's rows change in place; b's stay after them.
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    m_model->setDocumentDiagnostics(&a, QStringLiteral("/w/a.llmcl"),
        {diagnostic(Severity::Error, "E2", 3, 1, 20, "a3"),
            diagnostic(Severity::Error, "E3", 4, 1, 30, "a4"),
            diagnostic(Severity::Error, "E4", 5, 1, 40, "a5")});
    QCOMPARE(column(ProblemsModel::MessageColumn),
        (QStringList {QStringLiteral("a3"), QStringLiteral("a4"), QStringLiteral("a5"),
            QStringLiteral("b1")}));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(m_model->problemAt(2).index, 2);
    QCOMPARE(m_model->count(Severity::Error), 3);

    // A document without problems keeps its place for later ones.
    m_model->setDocumentDiagnostics(&a, QStringLiteral("/w/a.llmcl"), {});
    QCOMPARE(column(ProblemsModel::MessageColumn), QStringList {QStringLiteral("b1")});
    m_model->setDocumentDiagnostics(
        &a, QStringLiteral("/w/a.llmcl"), {diagnostic(Severity::Error, "E5", 1, 1, 0, "a6")});
    QCOMPARE(column(ProblemsModel::MessageColumn),
        (QStringList {QStringLiteral("a6"), QStringLiteral("b1")}));

    m_model->removeDocument(&a);
    QCOMPARE(column(ProblemsModel::MessageColumn), QStringList {QStringLiteral("b1")});
    m_model->removeDocument(&a); // twice is harmless
    m_model->removeDocument(&b);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(counts.count() >= 6);
}

void TestProblemsModel::followsEditors()
{
    auto *first = new ContractEditor(*m_repository);
    auto *second = new ContractEditor(*m_repository);
    m_model->addEditor(first);
    m_model->addEditor(second);
    QCOMPARE(m_model->rowCount(), 0);

    second->setText(QStringLiteral("contract B { ensure x }"));
    QVERIFY(second->setDiagnostics(second->revision(),
        {diagnostic(Severity::Warning, "W2001", 1, 21, 20, "unknown name 'x'")}));
    first->setText(QStringLiteral("contract A { ensure y }"));
    QVERIFY(first->setDiagnostics(first->revision(),
        {diagnostic(Severity::Warning, "W2001", 1, 21, 20, "unknown name 'y'")}));
    // The first editor's rows come first, whatever the order of the results.
    QCOMPARE(column(ProblemsModel::MessageColumn),
        (QStringList {QStringLiteral("unknown name 'y'"), QStringLiteral("unknown name 'x'")}));
    QCOMPARE(column(ProblemsModel::FileColumn),
        (QStringList {QStringLiteral("Untitled"), QStringLiteral("Untitled")}));
    QCOMPARE(m_model->problemAt(0).editor.data(), first);
    QCOMPARE(m_model->problemAt(1).editor.data(), second);

    first->clearDiagnostics();
    QCOMPARE(
        column(ProblemsModel::MessageColumn), QStringList {QStringLiteral("unknown name 'x'")});

    delete second;
    QCOMPARE(m_model->rowCount(), 0);
    delete first;
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_MAIN(TestProblemsModel)
#include "tst_problemsmodel.moc"
