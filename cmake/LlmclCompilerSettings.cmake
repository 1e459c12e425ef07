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

# Qt strictness for the Qt targets.
add_library(llmcl_qt_settings INTERFACE)
target_compile_definitions(llmcl_qt_settings INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CONTEXTLESS_CONNECT
    QT_NO_URL_CAST_FROM_STRING QT_NO_CAST_FROM_BYTEARRAY QT_USE_QSTRINGBUILDER)
target_link_libraries(llmcl_qt_settings INTERFACE llmcl_compiler_settings)
