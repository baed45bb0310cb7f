# The web UI's part of regiond (region/src/maas/region/ui/): static files under /MAAS/r/,
# browser sessions under /MAAS/accounts/, session auth for the API, registration_info.
target_sources(maas_region PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/accounts.cpp
    ${CMAKE_CURRENT_LIST_DIR}/assets.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cookies.cpp
    ${CMAKE_CURRENT_LIST_DIR}/registration_info.cpp
    ${CMAKE_CURRENT_LIST_DIR}/session_json.cpp
    ${CMAKE_CURRENT_LIST_DIR}/session_store.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ui_site.cpp
)
