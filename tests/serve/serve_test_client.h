#pragma once

// Starting `hullft serve` as a user would and talking to it over the loopback: cpp-httplib's
// client for well-formed requests, a bare socket for what a well-behaved client never sends.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>
#include <QThread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace serve_test {

// A started `hullft serve --port 0`, its port read from the line it prints once listening.
class Server {
public:
    explicit Server(const QStringList& arguments) {
        process_.setProgram(QStringLiteral(HULLFT_CLI_PATH));
        process_.setArguments(QStringList{"serve", "--port", "0"} + arguments);
        process_.start();
        QElapsedTimer waited;
        waited.start();
        const QRegularExpression listening("listening on http://[^:]+:(\\d+)");
        while (port_ == 0 && waited.elapsed() < 60000 && process_.state() != QProcess::NotRunning) {
            process_.waitForReadyRead(200);
            output_ += process_.readAllStandardOutput();
            const auto match = listening.match(QString::fromUtf8(output_));
            if (match.hasMatch()) port_ = match.captured(1).toInt();
        }
    }
    ~Server() {
        if (process_.state() != QProcess::NotRunning) {
            process_.kill();
            process_.waitForFinished();
        }
    }
    int port() const { return port_; }
    QProcess& process() { return process_; }
    QByteArray output() {
        output_ += process_.readAllStandardOutput();
        return output_ + process_.readAllStandardError();
    }
    std::unique_ptr<httplib::Client> client(int timeoutSeconds = 120) const {
        auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
        client->set_read_timeout(timeoutSeconds, 0);
        return client;
    }
    // POST /v1/completions with `body` as it is (valid JSON or not).
    httplib::Result post(const std::string& body, const httplib::Headers& headers = {}) const {
        return client()->Post("/v1/completions", headers, body, "application/json");
    }
    nlohmann::json health() const {
        const auto answer = client()->Get("/health");
        return answer ? nlohmann::json::parse(answer->body) : nlohmann::json();
    }
    // Waits until the service reports `length` requests queued or running.
    bool waitForQueue(size_t length, int timeoutMs = 60000) const {
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < timeoutMs) {
            const nlohmann::json state = health();
            if (!state.is_null() && state.at("queue").get<size_t>() == length) return true;
            QThread::msleep(10);
        }
        return false;
    }

private:
    QProcess process_;
    QByteArray output_;
    int port_ = 0;
};

// A bare TCP connection to the loopback.
class RawConnection {
public:
    explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~RawConnection() { close(); }
    bool connected() const { return connected_; }
    bool send(const std::string& bytes) { return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()); }
    // Everything until the server closes or `timeoutSeconds` pass.
    std::string receiveAll(int timeoutSeconds = 30) {
        timeval timeout{timeoutSeconds, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        std::string received;
        char buffer[4096];
        for (ssize_t got; (got = ::recv(fd_, buffer, sizeof buffer, 0)) > 0;) received.append(buffer, static_cast<size_t>(got));
        return received;
    }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
    bool connected_ = false;
};

// An HTTP/1.1 POST /v1/completions with `body` as its bytes, the connection closed after.
inline std::string rawPost(const std::string& body) {
    return "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace serve_test
