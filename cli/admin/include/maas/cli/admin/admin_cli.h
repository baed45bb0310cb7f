#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "maas/common/settings.h"

namespace maas::cli::admin {

/// `maas createadmin --username U --password P [--email E]` and
/// `maas apikey --username U [--generate]` against the database in regiond.conf. Returns the
/// exit status: 0 success, 1 database or input refused, 2 usage.
int runAdminCommand(const std::vector<std::string>& args, const Settings& regiond,
                    std::ostream& out, std::ostream& err);

/// True for the words this group handles.
bool isAdminCommand(const std::string& word);

}  // namespace maas::cli::admin
