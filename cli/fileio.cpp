// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/fileio.h"

#include "engine/utf8.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <ostream>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace llmcl::cli {

namespace {

namespace fs = std::filesystem;

engine::Error fileError(std::string_view path, std::string_view cause)
{
    std::string message(path);
    message += ": ";
    message += cause;
    return {std::move(message)};
}

struct FileCloser
{
    void operator()(std::FILE *file) const noexcept { std::fclose(file); }
};

bool writeAll(int fd, std::string_view text)
{
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

} // namespace

engine::Result<std::string> readFile(const std::string &path)
{
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec)
        return fileError(path, ec.message());
    if (fs::is_directory(status))
        return fileError(path, "is a directory");

    errno = 0;
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        return fileError(path, std::strerror(errno));
    std::string text;
    char buffer[65536];
    for (;;) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
        text.append(buffer, n);
        if (n < sizeof buffer)
            break;
    }
    if (std::ferror(file.get()))
        return fileError(path, std::strerror(errno ? errno : EIO));
    return text;
}

engine::Result<bool> writeFileAtomically(const std::string &path, std::string_view text)
{
    std::error_code ec;
    fs::path target(path);
    if (fs::is_symlink(fs::symlink_status(target, ec))) {
        target = fs::canonical(target, ec);
        if (ec)
            return fileError(path, ec.message());
    }
    struct stat original {};
    const bool exists = ::stat(target.c_str(), &original) == 0;

    std::string temporary = target.string() + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        return fileError(
            path, std::string("cannot create a temporary file: ") + std::strerror(errno));
    const auto failed = [&](std::string_view what) {
        const int error = errno;
        ::close(fd);
        ::unlink(temporary.c_str());
        return fileError(path, std::string(what) + ": " + std::strerror(error));
    };
    if (!writeAll(fd, text))
        return failed("cannot write");
    // mkstemp creates the file with mode 0600: give it the permissions of the file it replaces.
    if (exists && ::fchmod(fd, original.st_mode & 07777) != 0)
        return failed("cannot set permissions");
    if (::fsync(fd) != 0)
        return failed("cannot flush to disk");
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        return fileError(path, std::string("cannot write: ") + std::strerror(error));
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        return fileError(path, std::string("cannot replace the file: ") + std::strerror(error));
    }
    return true;
}

std::string utf8Problem(std::string_view what, std::string_view text)
{
    const std::size_t valid = engine::utf8::validPrefixLength(text);
    if (valid == text.size())
        return {};
    static constexpr std::string_view hex = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(text[valid]);
    std::string message(what);
    message += ": not valid UTF-8 (invalid byte 0x";
    message += hex[byte >> 4];
    message += hex[byte & 0xF];
    message += " at byte offset ";
    message += std::to_string(valid);
    message += ")";
    return message;
}

bool readContractFiles(
    std::span<const std::string_view> paths, engine::CompileRequest &request, std::ostream &err)
{
    bool readable = true;
    for (const std::string_view operand : paths) {
        std::string path(operand);
        engine::Result<std::string> text = readFile(path);
        if (!text) {
            err << "llmcl: " << text.error().message << '\n';
            readable = false;
            continue;
        }
        request.overrides.insert_or_assign(path, std::move(text).value());
        request.files.push_back(std::move(path));
    }
    return readable;
}

} // namespace llmcl::cli
