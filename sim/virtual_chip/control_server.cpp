// SPDX-License-Identifier: Apache-2.0
#include "control_server.hpp"

#include <istream>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <sys/stat.h>

#include "control_commands.hpp"

namespace ktpel::sim::virtual_chip {
namespace {

namespace asio = boost::asio;
using Socket = asio::local::stream_protocol::socket;

// A command line longer than this is not a command: the connection closes.
constexpr std::size_t kMaxLineBytes = 4096;

class Connection : public std::enable_shared_from_this<Connection>
{
public:
    Connection(Socket socket, ChipSlot& slot, const CardStore& store)
        : socket_(std::move(socket)), slot_(slot), store_(store), input_(kMaxLineBytes)
    {
    }

    void read_next()
    {
        asio::async_read_until(
            socket_, input_, '\n',
            [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                if (!error)
                    self->answer();
            });
    }

private:
    void answer()
    {
        std::istream stream(&input_);
        std::string line;
        std::getline(stream, line);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        reply_ = run_control_command(slot_, store_, line) + "\n";
        asio::async_write(
            socket_, asio::buffer(reply_),
            [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                if (!error)
                    self->read_next();
            });
    }

    Socket socket_;
    ChipSlot& slot_;
    const CardStore& store_;
    asio::streambuf input_;
    std::string reply_;
};

} // namespace

struct ControlServer::Impl
{
    Impl(ChipSlot& slot, const CardStore& store, std::filesystem::path path)
        : slot(slot), store(store), socket_path(std::move(path)), acceptor(io)
    {
        std::error_code error;
        const auto status = std::filesystem::symlink_status(socket_path, error);
        if (std::filesystem::exists(status)) {
            if (!std::filesystem::is_socket(status))
                throw ControlServerError(socket_path.string() + " exists and is not a socket");
            std::filesystem::remove(socket_path);
        }
        try {
            const asio::local::stream_protocol::endpoint endpoint(socket_path.string());
            acceptor.open(endpoint.protocol());
            acceptor.bind(endpoint);
            acceptor.listen();
        } catch (const boost::system::system_error& failure) {
            throw ControlServerError("cannot listen on " + socket_path.string() + ": " +
                                     failure.what());
        }
        ::chmod(socket_path.c_str(), S_IRUSR | S_IWUSR);
        accept_next();
        thread = std::jthread([this] { io.run(); });
    }

    ~Impl()
    {
        io.stop();
        if (thread.joinable())
            thread.join();
        std::error_code ignored; // the socket file may already be gone
        std::filesystem::remove(socket_path, ignored);
    }

    void accept_next()
    {
        acceptor.async_accept([this](boost::system::error_code error, Socket socket) {
            if (error)
                return; // the acceptor closed: the server is stopping
            std::make_shared<Connection>(std::move(socket), slot, store)->read_next();
            accept_next();
        });
    }

    ChipSlot& slot;
    const CardStore& store;
    std::filesystem::path socket_path;
    asio::io_context io;
    asio::local::stream_protocol::acceptor acceptor;
    std::jthread thread;
};

ControlServer::ControlServer(ChipSlot& slot, const CardStore& store,
                             std::filesystem::path socket_path)
    : impl_(std::make_unique<Impl>(slot, store, std::move(socket_path)))
{
}

ControlServer::~ControlServer() = default;

const std::filesystem::path& ControlServer::socket_path() const noexcept
{
    return impl_->socket_path;
}

} // namespace ktpel::sim::virtual_chip
