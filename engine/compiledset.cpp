// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/compiledset.h"

#include "engine/checker.h"
#include "engine/compiler.h"
#include "engine/diagnosticcodes.h"
#include "engine/diagnosticmessages.h"
#include "engine/evalscratch.h"
#include "engine/limits.h"
#include "engine/parser.h"
#include "engine/sourceloader.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <unordered_map>

namespace llmcl::engine {

CompiledSet::CompiledSet(std::unique_ptr<detail::CompiledSetData> data)
    : m_data(std::move(data))
{ }

CompiledSet::~CompiledSet() = default;

std::vector<std::string> CompiledSet::activeContracts() const
{
    std::vector<std::string> names;
    for (const detail::CompiledContract &c : m_data->contracts)
        names.push_back(c.name);
    return names;
}

std::size_t CompiledSet::clauseCount() const noexcept
{
    return m_data->clauses.size();
}

std::vector<CompiledSet::ClauseInfo> CompiledSet::clauses() const
{
    std::vector<ClauseInfo> out;
    out.reserve(m_data->clauses.size());
    for (const detail::CompiledClause &c : m_data->clauses)
        out.push_back(ClauseInfo {c.id, c.contract, c.kind, c.autoFix != detail::kNoNode});
    return out;
}

bool CompileResult::hasErrors() const noexcept
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
        [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

std::string_view CompileResult::sourceText(std::string_view file) const noexcept
{
    for (std::size_t i = 0; i < files.size() && i < texts.size(); ++i)
        if (files[i] && texts[i] && files[i]->path == file)
            return *texts[i];
    return {};
}

namespace {

struct LoadedFile
{
    std::string path; // as shown in diagnostics
    std::string key; // normalised absolute path
    std::shared_ptr<std::string> text;
    std::shared_ptr<SourceFile> file;
    bool allActive = false; // every contract is active (given on the command line, or `import x`)
    std::set<std::string> activeNames; // `from x import A, B`
};

class Loader
{
public:
    explicit Loader(const CompileRequest &request)
        : m_sources(request.overrides, request.includePath)
    { }

    void loadGiven(const std::string &path)
    {
        const std::string key = detail::SourceLoader::normalKey(path);
        if (auto it = m_index.find(key); it != m_index.end()) {
            m_files[it->second].allActive = true;
            return;
        }
        std::string text, error;
        if (!m_sources.read(key, path, text, error)) {
            m_diagnostics.push_back(makeDiagnostic(Severity::Error, MessageId::FileNotReadable, {},
                path, {{"path", path}, {"error", error}}));
            return;
        }
        const std::size_t i = load(path, key, std::move(text));
        m_files[i].allActive = true;
    }

    std::vector<LoadedFile> &files() { return m_files; }
    std::vector<Diagnostic> &diagnostics() { return m_diagnostics; }

private:
    std::size_t load(const std::string &path, const std::string &key, std::string text)
    {
        LoadedFile loaded;
        loaded.path = path;
        loaded.key = key;
        loaded.text = std::make_shared<std::string>(std::move(text));
        loaded.file =
            std::make_shared<SourceFile>(parseSource(*loaded.text, ParseOptions {.file = path}));
        const std::size_t index = m_files.size();
        m_files.push_back(std::move(loaded));
        m_index.emplace(key, index);
        m_stack.push_back(key);
        resolveImports(index);
        m_stack.pop_back();
        return index;
    }

    void resolveImports(std::size_t index)
    {
        // Copy what we need: m_files may grow (and move) while we recurse.
        const std::shared_ptr<SourceFile> file = m_files[index].file;
        for (const Import &import : file->imports) {
            const detail::SourceLoader::Module module =
                m_sources.findModule(import.module, m_files[index].path);
            const std::string &foundPath = module.path;
            const std::string &foundKey = module.key;
            if (foundKey.empty()) {
                std::string searched;
                for (const std::string &c : module.searched)
                    searched += (searched.empty() ? "" : ", ") + c;
                report(MessageId::ImportNotFound, import.moduleRange, m_files[index].path,
                    {{"module", import.module}, {"searched", std::move(searched)}});
                continue;
            }
            if (std::find(m_stack.begin(), m_stack.end(), foundKey) != m_stack.end()) {
                report(MessageId::ImportCycle, import.range, m_files[index].path,
                    {{"path", foundPath}});
                continue;
            }
            std::size_t target;
            if (auto it = m_index.find(foundKey); it != m_index.end()) {
                target = it->second;
            } else {
                std::string text, error;
                if (!m_sources.read(foundKey, foundPath, text, error)) {
                    report(MessageId::ImportNotReadable, import.moduleRange, m_files[index].path,
                        {{"path", foundPath}, {"error", error}});
                    continue;
                }
                target = load(foundPath, foundKey, std::move(text));
            }
            LoadedFile &t = m_files[target];
            if (!import.fromImport) {
                t.allActive = true;
                continue;
            }
            for (std::size_t n = 0; n < import.names.size(); ++n) {
                const std::string &name = import.names[n];
                const bool found = std::any_of(t.file->contracts.begin(), t.file->contracts.end(),
                    [&](const Contract &c) { return c.name == name; });
                if (!found) {
                    report(MessageId::ImportNameNotFound, import.nameRanges[n], m_files[index].path,
                        {{"module", import.module}, {"name", name}});
                    continue;
                }
                t.activeNames.insert(name);
            }
        }
    }

    void report(MessageId message, const SourceRange &range, const std::string &file,
        std::vector<DiagnosticArgument> arguments)
    {
        m_diagnostics.push_back(
            makeDiagnostic(Severity::Error, message, range, file, std::move(arguments)));
    }

    detail::SourceLoader m_sources;
    std::vector<LoadedFile> m_files;
    std::map<std::string, std::size_t> m_index;
    std::vector<std::string> m_stack;
    std::vector<Diagnostic> m_diagnostics;
};

} // namespace

CompileResult compileContracts(const CompileRequest &request)
{
    CompileResult result;
    Loader loader(request);
    for (const std::string &path : request.files)
        loader.loadGiven(path);
    std::vector<LoadedFile> &files = loader.files();
    std::vector<Diagnostic> &diagnostics = loader.diagnostics();

    // Every contract of every loaded file, by name; duplicates reported.
    struct Known
    {
        const Contract *contract;
        const std::string *file;
        bool active;
    };
    std::map<std::string, Known, std::less<>> byName;
    std::vector<Known> all;
    for (const LoadedFile &f : files) {
        for (const Contract &c : f.file->contracts) {
            if (c.name.empty())
                continue;
            const bool active = f.allActive || f.activeNames.contains(c.name);
            Known known {&c, &f.path, active};
            all.push_back(known);
            auto [it, inserted] = byName.emplace(c.name, known);
            if (!inserted) {
                Diagnostic d = makeDiagnostic(Severity::Error, MessageId::DuplicateContract,
                    c.nameRange, f.path, {{"name", c.name}});
                d.related.push_back(
                    {*it->second.file, it->second.contract->nameRange, "the other definition"});
                diagnostics.push_back(std::move(d));
            }
        }
    }

    // Base chains, resolved once per contract and in linear time overall: a chain of 20,000
    // `extends` must not cost 20,000² walks. A contract's chain is fine (its number of bases
    // known), leads to an unknown base (E2008, reported once, at the contract that names it),
    // is part of a cycle (E2014), leads into one (E2014.into), or is deeper than
    // limits::kInheritanceDepth (E2014.depth at the first contract past the limit).
    enum class ChainState : std::uint8_t
    {
        Unresolved,
        OnPath,
        Fine,
        UnknownBase,
        InCycle,
        IntoCycle
    };
    struct Chain
    {
        ChainState state = ChainState::Unresolved;
        int depth = 0; // bases above the contract, when Fine
        const Known *base = nullptr;
    };
    std::unordered_map<const Contract *, Chain> chains;
    std::set<std::string> bases;
    {
        std::vector<const Known *> path;
        for (const Known &k : all) {
            if (!k.contract->base.empty())
                bases.insert(k.contract->base);
            path.clear();
            const Known *current = &k;
            ChainState end = ChainState::Fine;
            int depth = -1; // of the contract the walk ended above
            while (true) {
                Chain &chain = chains[current->contract];
                if (chain.state == ChainState::OnPath) {
                    // The path from `current` on is the cycle; the contracts before lead into it.
                    const auto first = std::find_if(path.begin(), path.end(),
                        [&](const Known *p) { return p->contract == current->contract; });
                    for (auto p = first; p != path.end(); ++p)
                        chains[(*p)->contract].state = ChainState::InCycle;
                    path.erase(first, path.end());
                    end = ChainState::IntoCycle;
                    break;
                }
                if (chain.state != ChainState::Unresolved) {
                    end = chain.state == ChainState::InCycle ? ChainState::IntoCycle : chain.state;
                    depth = chain.depth;
                    break;
                }
                chain.state = ChainState::OnPath;
                path.push_back(current);
                if (current->contract->base.empty())
                    break;
                const auto it = byName.find(current->contract->base);
                if (it == byName.end()) {
                    end = ChainState::UnknownBase;
                    break;
                }
                chain.base = &it->second;
                current = &it->second;
            }
            for (auto p = path.rbegin(); p != path.rend(); ++p) {
                Chain &chain = chains[(*p)->contract];
                chain.state = end;
                chain.depth = ++depth;
            }
        }
    }
    for (const Known &k : all) {
        const Contract &c = *k.contract;
        if (c.base.empty())
            continue;
        const Chain &chain = chains[k.contract];
        if (!byName.contains(c.base)) {
            diagnostics.push_back(makeDiagnostic(Severity::Error, MessageId::UnknownBase,
                c.baseRange, *k.file, {{"name", c.name}, {"base", c.base}}));
        } else if (chain.state == ChainState::InCycle) {
            diagnostics.push_back(makeDiagnostic(Severity::Error, MessageId::InheritanceCycle,
                c.baseRange, *k.file, {{"name", c.name}}));
        } else if (chain.state == ChainState::IntoCycle) {
            diagnostics.push_back(makeDiagnostic(Severity::Error, MessageId::InheritanceIntoCycle,
                c.baseRange, *k.file, {{"name", c.name}, {"base", c.base}}));
        } else if (chain.state == ChainState::Fine
            && chain.depth == limits::kInheritanceDepth + 1) {
            diagnostics.push_back(
                makeDiagnostic(Severity::Error, MessageId::InheritanceTooDeep, c.baseRange, *k.file,
                    {{"name", c.name}, {"limit", std::to_string(limits::kInheritanceDepth)}}));
        }
    }
    // The bases of a contract whose chain is fine and within the limit, the root first.
    auto chainOf = [&](const Known &k, std::vector<detail::ContractUnit> *units) {
        for (const Known *b = chains[k.contract].base; b; b = chains[b->contract].base)
            units->push_back({b->contract, b->file});
        std::reverse(units->begin(), units->end());
    };

    // Per-file checks.
    CheckEnvironment environment;
    environment.knownContextKeys = &request.knownContextKeys;
    environment.parametersOf = [&](const Contract &contract) {
        // At most kInheritanceDepth bases up (the chain may loop or be too deep: reported
        // above).
        std::set<std::string, std::less<>> names;
        const Contract *current = &contract;
        for (int level = 0; current && level <= limits::kInheritanceDepth; ++level) {
            for (const ContractOption *p : readContractSettings(*current, {}, nullptr).parameters)
                names.insert(p->name);
            auto it = current->base.empty() ? byName.end() : byName.find(current->base);
            current = it == byName.end() ? nullptr : it->second.contract;
        }
        return names;
    };
    for (const LoadedFile &f : files) {
        diagnostics.insert(
            diagnostics.end(), f.file->diagnostics.begin(), f.file->diagnostics.end());
        checkFile(*f.file, environment, diagnostics);
    }

    // Diagnostics in file load order, then by position.
    std::map<std::string, std::size_t> fileOrder;
    for (const std::string &path : request.files)
        fileOrder.emplace(path, fileOrder.size());
    for (const LoadedFile &f : files)
        fileOrder.emplace(f.path, fileOrder.size());
    std::stable_sort(
        diagnostics.begin(), diagnostics.end(), [&](const Diagnostic &a, const Diagnostic &b) {
            const std::size_t fa = fileOrder.contains(a.file) ? fileOrder[a.file] : 0;
            const std::size_t fb = fileOrder.contains(b.file) ? fileOrder[b.file] : 0;
            if (fa != fb)
                return fa < fb;
            return a.range.begin.offset < b.range.begin.offset;
        });

    // At most kMaxDiagnosticsPerFile per file (the parser caps its own; the checker adds to
    // them), then one E1104 note: a file of garbage must not flood the editor or the terminal.
    constexpr std::size_t kMaxDiagnosticsPerFile = ParseOptions {}.maxDiagnostics;
    std::map<std::string, std::size_t> perFile;
    std::set<std::string> capped;
    for (Diagnostic &d : diagnostics) {
        if (d.code == codes::tooManyDiagnostics) {
            capped.insert(d.file);
            continue;
        }
        if (++perFile[d.file] <= kMaxDiagnosticsPerFile) {
            result.diagnostics.push_back(std::move(d));
            continue;
        }
        capped.insert(d.file);
    }
    for (const std::string &file : capped) {
        // After the file's last kept diagnostic.
        auto last = std::find_if(result.diagnostics.rbegin(), result.diagnostics.rend(),
            [&](const Diagnostic &d) { return d.file == file; });
        const SourceRange range = last != result.diagnostics.rend() ? last->range : SourceRange {};
        result.diagnostics.insert(last.base(),
            makeDiagnostic(Severity::Info, MessageId::TooManyDiagnostics, range, file));
    }
    for (const LoadedFile &f : files) {
        result.files.push_back(f.file);
        result.texts.push_back(f.text);
    }
    if (result.hasErrors())
        return result;

    std::vector<detail::ActiveContract> active;
    for (const Known &k : all) {
        if (!k.active || bases.contains(k.contract->name))
            continue;
        detail::ActiveContract a;
        a.self = {k.contract, k.file};
        chainOf(k, &a.bases);
        active.push_back(std::move(a));
    }
    EvalScratch scratch;
    std::vector<Diagnostic> conflicts;
    auto data = detail::compileContractSet(active, scratch, conflicts);
    const bool unresolvable = std::any_of(conflicts.begin(), conflicts.end(),
        [](const Diagnostic &d) { return d.severity == Severity::Error; });
    // Conflict findings join the others, in the same order (file, then position).
    result.diagnostics.insert(result.diagnostics.end(), conflicts.begin(), conflicts.end());
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
        [&](const Diagnostic &a, const Diagnostic &b) {
            const std::size_t fa = fileOrder.contains(a.file) ? fileOrder[a.file] : 0;
            const std::size_t fb = fileOrder.contains(b.file) ? fileOrder[b.file] : 0;
            if (fa != fb)
                return fa < fb;
            return a.range.begin.offset < b.range.begin.offset;
        });
    if (!unresolvable)
        result.set = std::make_shared<const CompiledSet>(std::move(data));
    return result;
}

} // namespace llmcl::engine
