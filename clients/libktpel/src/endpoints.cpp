// SPDX-License-Identifier: Apache-2.0
#include <cstdlib>

#include <ktpel/endpoints.hpp>

namespace ktpel {
namespace {

constexpr std::string_view kIpcScheme = "ipc://";

std::string ipc_endpoint(const std::filesystem::path& socket)
{
    return std::string(kIpcScheme) + socket.string();
}

} // namespace

Endpoints Endpoints::from_runtime_dir(const std::filesystem::path& runtime_dir)
{
    return {ipc_endpoint(runtime_dir / "api.sock"), ipc_endpoint(runtime_dir / "events.sock")};
}

Endpoints Endpoints::defaults()
{
    return from_runtime_dir(default_runtime_dir());
}

std::filesystem::path default_runtime_dir()
{
    if (const char* dir = std::getenv("KTPEL_RUNTIME_DIR"); dir != nullptr && *dir != '\0')
        return dir;
    return "/run/ktpeld";
}

std::optional<std::filesystem::path> ipc_socket_path(std::string_view endpoint)
{
    if (!endpoint.starts_with(kIpcScheme))
        return std::nullopt;
    endpoint.remove_prefix(kIpcScheme.size());
    // "ipc://@name" is a Linux abstract socket: it has no file to look for.
    if (endpoint.empty() || endpoint.front() == '@')
        return std::nullopt;
    return std::filesystem::path(endpoint);
}

} // namespace ktpel
