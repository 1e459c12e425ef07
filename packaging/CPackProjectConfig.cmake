# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later

# Read by CPack for each package it makes (CPACK_PROJECT_CONFIG_FILE). The DEBs install under
# /usr; the source tarball holds the source tree at its top (llmcl-studio-<version>/CMakeLists.txt),
# not under usr/.
if(CPACK_GENERATOR STREQUAL "TXZ")
    set(CPACK_PACKAGING_INSTALL_PREFIX "")
endif()
