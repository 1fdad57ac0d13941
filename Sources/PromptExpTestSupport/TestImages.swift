public import Foundation

/// Images the image tests send and store: the smallest there are, so a test reads them whole.
public enum TestImages {
    /// A 1×1 transparent PNG (70 bytes).
    public static let png =
        Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        ) ?? Data()
    /// A 1×1 GIF: an image other than `png`.
    public static let gif = Data(base64Encoded: "R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs=") ?? Data()
}
