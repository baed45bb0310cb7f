#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace maas {

enum class FileMode {
    Public,  ///< 0644
    Config,  ///< 0640, group maas when it exists (configs may hold the database password)
    Secret,  ///< 0640, group maas when it exists
    Private  ///< 0600
};

class FileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Writes content to a temporary file in the same directory, fsyncs it, sets mode and group
/// (Config/Secret: the replaced file's group, else "maas" when it exists),
/// then renames it over path so readers see either the old or the new file, never a mix.
void writeFileAtomically(const std::filesystem::path& path, const std::string& content,
                         FileMode mode);

/// Whole file as a string, or nullopt when it does not exist. Throws FileError on other errors.
std::optional<std::string> readFileIfExists(const std::filesystem::path& path);

}  // namespace maas
