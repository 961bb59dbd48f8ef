
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The system log, written to as syslog(3) does: one datagram to the local log socket
/// (`/dev/log`, which journald and rsyslog both serve), facility authpriv so the line lands where
/// an administrator keeps security events, out of reach of the users who write to the store.
/// `BARNKOLL_SYSLOG_SOCKET` names another socket (tests, hosts with a relay).
public enum SystemLog {
    public static var socketPath: String {
        ProcessEnvironment.values["BARNKOLL_SYSLOG_SOCKET"] ?? "/dev/log"
    }

    /// Sends one line tagged `barnkoll`; says why not when it could not.
    public static func send(_ message: String, to path: String = socketPath) -> Result<Void, StoreError> {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return .failure(.io(store: path, sv: "kan inte öppna en sockel till systemloggen", en: "cannot open a socket to the system log")) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { return .failure(.io(store: path, sv: "loggsockelns sökväg är för lång", en: "the log socket's path is too long")) }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        // <86>: facility authpriv (10) * 8 + severity info (6). The timestamp is the classic
        // syslog one; journald and rsyslog replace it with their own.
        var time = time_t(0)
        Glibc.time(&time)
        var parts = tm()
        localtime_r(&time, &parts)
        var stamp = [UInt8](repeating: 0, count: 32)
        let length = stamp.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                strftime($0, buffer.count, "%b %e %H:%M:%S", &parts)
            } ?? 0
        }
        let line = "<86>\(String(decoding: stamp.prefix(length), as: UTF8.self)) barnkoll[\(getpid())]: \(message)"
        let sent = line.withCString { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(fd, text, strlen(text), 0, socketAddress, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        }
        guard sent >= 0 else {
            let reason = SystemReason.of(errno)
            return .failure(.io(store: path, sv: "kan inte skriva till systemloggen (\(reason.sv))", en: "cannot write to the system log (\(reason.text(.en)))"))
        }
        return .success(())
    }
}
