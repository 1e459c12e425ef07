// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// SHA-256 of the workspace database: the FIPS 180-4 test vectors, and the processor's SHA
// extensions against the portable rounds on random inputs fed in random pieces.
#include "tracer/sha256.h"

#include <QTest>

#include <random>
#include <string>

using llmcl::tracer::Sha256;

class TestSha256 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vectors_data();
    void vectors();
    void acceleratedMatchesPortable();
    void fields();
    void cleanup() { Sha256::forcePortable(false); }
};

void TestSha256::vectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("portable");
    QTest::addColumn<QString>("digest");
    const struct
    {
        const char *name;
        QByteArray input;
        const char *digest;
    } vectors[] = {
        {"empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"448-bits", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"896-bits",
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmno"
            "pqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
        {"million-a", QByteArray(1000000, 'a'),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    };
    for (const auto &v : vectors) {
        QTest::addRow("%s", v.name) << v.input << false << QString::fromLatin1(v.digest);
        QTest::addRow("%s-portable", v.name) << v.input << true << QString::fromLatin1(v.digest);
    }
}

void TestSha256::vectors()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, portable);
    QFETCH(QString, digest);
    Sha256::forcePortable(portable);
    Sha256 hash;
    hash.add(std::string_view(input.constData(), std::size_t(input.size())));
    QCOMPARE(QString::fromStdString(hash.hex()), digest);
}

void TestSha256::acceleratedMatchesPortable()
{
    if (!Sha256::accelerated())
        QSKIP("this processor has no SHA extensions");
    std::mt19937 random(20261126);
    for (int round = 0; round < 300; ++round) {
        std::string data(random() % 5000, '\0');
        for (char &c : data)
            c = static_cast<char>(random());
        // The same bytes in random pieces.
        std::vector<std::size_t> cuts;
        for (std::size_t at = 0; at < data.size(); at += 1 + random() % 200)
            cuts.push_back(at);
        cuts.push_back(data.size());
        std::string digests[2];
        for (const bool portable : {false, true}) {
            Sha256::forcePortable(portable);
            Sha256 hash;
            for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
                hash.add(std::string_view(data).substr(cuts[i], cuts[i + 1] - cuts[i]));
            digests[portable] = hash.hex();
        }
        QCOMPARE(digests[0], digests[1]);
    }
}

void TestSha256::fields()
{
    Sha256 a, b, c;
    a.field("ab");
    a.field("c");
    b.field("a");
    b.field("bc");
    c.add("2:ab1:c");
    Sha256 d;
    d.field("ab");
    d.field('c', "");
    const std::string digest = a.hex();
    QCOMPARE(d.hex(), digest); // a tagged field is the field of tag + data
    QVERIFY(digest != b.hex());
    QCOMPARE(digest, c.hex());
}

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"
