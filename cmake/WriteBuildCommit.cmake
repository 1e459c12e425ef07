# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later

# cmake -DSOURCE_DIR=<checkout> -DOUTPUT=<header> -P WriteBuildCommit.cmake
#
# Writes <header> defining LLMCL_BUILD_COMMIT: the checkout's commit (12 hex digits, with
# "-modified" when tracked files differ from it), or "" outside a git checkout (a source
# tarball). Run at every build by the target llmcl_build_commit; the header is rewritten only
# when its text changes, so only buildinfo/buildcommit.cpp is compiled again.
set(commit "")
find_program(GIT_EXECUTABLE git)
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
    # The build may run as another user than the checkout's owner (root in the build root):
    # without this, git refuses the repository for its "dubious ownership".
    set(safe -c safe.directory=*)
    execute_process(COMMAND ${GIT_EXECUTABLE} ${safe} -C ${SOURCE_DIR} rev-parse --short=12 HEAD
        OUTPUT_VARIABLE head RESULT_VARIABLE status OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(status EQUAL 0 AND head MATCHES "^[0-9a-f]+$")
        set(commit "${head}")
        execute_process(COMMAND ${GIT_EXECUTABLE} ${safe} -C ${SOURCE_DIR} status --porcelain
                --untracked-files=no
            OUTPUT_VARIABLE changes RESULT_VARIABLE status ERROR_QUIET)
        if(status EQUAL 0 AND NOT changes STREQUAL "")
            string(APPEND commit "-modified")
        endif()
    endif()
endif()
set(text "// Written by cmake/WriteBuildCommit.cmake at build time.\n#pragma once\n#define LLMCL_BUILD_COMMIT \"${commit}\"\n")
set(old "")
if(EXISTS "${OUTPUT}")
    file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL text)
    file(WRITE "${OUTPUT}" "${text}")
endif()
