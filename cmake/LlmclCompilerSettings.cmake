# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later

# Warnings and sanitizers for every target of the project, through one interface library that
# each target links privately.
add_library(llmcl_compiler_settings INTERFACE)
target_compile_options(llmcl_compiler_settings INTERFACE -Wall -Wextra -Wpedantic)
if(LLMCL_WARNINGS_AS_ERRORS)
    target_compile_options(llmcl_compiler_settings INTERFACE -Werror)
endif()
if(LLMCL_SANITIZE)
    target_compile_options(llmcl_compiler_settings INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(llmcl_compiler_settings INTERFACE -fsanitize=address,undefined)
endif()

# ThreadSanitizer (the `tsan` preset; `scripts/dev tsan` runs the engine and tracer tests under
# it). It cannot be combined with AddressSanitizer. Only our code is instrumented: Qt's own
# synchronisation is invisible to it, so the Qt GUI tests are not meant to run under it.
option(LLMCL_SANITIZE_THREAD "Build with ThreadSanitizer" OFF)
if(LLMCL_SANITIZE_THREAD)
    if(LLMCL_SANITIZE)
        message(FATAL_ERROR "LLMCL_SANITIZE_THREAD and LLMCL_SANITIZE cannot be combined")
    endif()
    target_compile_options(llmcl_compiler_settings INTERFACE
        -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(llmcl_compiler_settings INTERFACE -fsanitize=thread)
endif()

# Qt strictness for the Qt targets.
add_library(llmcl_qt_settings INTERFACE)
target_compile_definitions(llmcl_qt_settings INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CONTEXTLESS_CONNECT
    QT_NO_URL_CAST_FROM_STRING QT_NO_CAST_FROM_BYTEARRAY QT_USE_QSTRINGBUILDER)
target_link_libraries(llmcl_qt_settings INTERFACE llmcl_compiler_settings)
