import Foundation
import Glibc

/// Sentences for the file errors users meet (a missing folder, a folder given for a file, a permission),
/// naming the file and what to do, instead of Foundation's `Error Domain=NSCocoaErrorDomain Code=…`.
enum FileProblem {
    /// Why `path` could not be written or created, from an `errno` value.
    static func writing(_ path: String, errno code: Int32, option: String = "-o") -> String {
        let folder =
            (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        switch code {
        case ENOENT:
            return "cannot write \(path): the folder \(folder) does not exist; create it first "
                + "(mkdir -p \(folder)) or give another \(option)"
        case ENOTDIR:
            return "cannot write \(path): a part of \(folder) is a file, not a folder; give another \(option)"
        case EEXIST:
            return "cannot create \(path): a file of that name (or of a folder above it) is in the way; "
                + "move it or give another \(option)"
        case EISDIR:
            return "cannot write \(path): it is a folder; give a file name, e.g. \(option) "
                + (path as NSString).appendingPathComponent("export.csv")
        case EACCES, EPERM:
            return "cannot write \(path): permission denied in \(folder); give another \(option) "
                + "or check the folder's permissions"
        case EROFS:
            return "cannot write \(path): the file system is read-only; give another \(option)"
        case ENOSPC, EDQUOT:
            return "cannot write \(path): the disk is full (or the quota reached); free some space"
        default:
            return "cannot write \(path): \(String(cString: strerror(code)))"
        }
    }

    /// The `errno` behind a Foundation file error, when it says.
    static func errno(of error: any Error) -> Int32? {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        guard error.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteFileExists: return EEXIST
        default: return nil
        }
    }
}
