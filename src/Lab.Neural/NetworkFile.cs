using System.Buffers.Binary;
using System.Text;
using Lab.Neural.Kernels;

namespace Lab.Neural;

/// <summary>
/// The network file format, version 1 (all integers and floats little-endian):
/// <code>
/// bytes   field
/// 10      magic "DQNLAB-NET" (ASCII)
/// 2       format version, uint16 = 1
/// 4       inputs, int32
/// 4       hidden layer count H, int32
/// 4·H     hidden layer sizes, int32 each, from the input side
/// 4       outputs, int32
/// 4       hidden activation, int32: 0 relu, 1 tanh, 2 linear
/// 4       parameter count P, int32 (must equal Σ in·out + out over the layers)
/// 4·P     parameters, float32, in QNetwork.Parameters order
/// 4       CRC-32 (IEEE, as zlib) of every byte before it, uint32
/// </code>
/// A file is read whole and checked (magic, version, length, checksum, shape, finite weights) before
/// any network exists, so a bad file never gives a half-loaded network, nor a diverged one.
/// </summary>
internal static class NetworkFile
{
    public const ushort Version = 1;
    private const long MaxFileBytes = 1L << 30;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DQNLAB-NET");

    public static void Save(QNetwork network, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        // hidden and named as the runner's other temporary files, so a resumed sweep finds a leftover one
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(network, stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            throw;
        }
    }

    public static void Write(QNetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var shape = network.Shape;
        var header = HeaderLength(shape.Hidden.Count);
        var bytes = new byte[header + 4L * network.ParameterCount + 4];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], Version);
        at += 2;
        WriteInt(span, ref at, shape.Inputs);
        WriteInt(span, ref at, shape.Hidden.Count);
        foreach (var h in shape.Hidden) WriteInt(span, ref at, h);
        WriteInt(span, ref at, shape.Outputs);
        WriteInt(span, ref at, (int)shape.Activation);
        WriteInt(span, ref at, network.ParameterCount);
        foreach (var value in network.Parameters)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], value);
            at += 4;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], Crc32.Compute(span[..at]));
        stream.Write(bytes);
    }

    public static QNetwork Load(string path, int maxBatch, NetworkShape? expected)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            bytes = ReadAll(stream, path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"{path}: no such network file", path);
        }

        return Parse(bytes, maxBatch, path, expected);
    }

    public static QNetwork Read(Stream stream, int maxBatch, string sourceName, NetworkShape? expected)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Parse(ReadAll(stream, sourceName), maxBatch, sourceName, expected);
    }

    private static int HeaderLength(int hidden) => 10 + 2 + 4 + 4 + 4 * hidden + 4 + 4 + 4;

    private static void WriteInt(Span<byte> span, ref int at, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], value);
        at += 4;
    }

    private static byte[] ReadAll(Stream stream, string source)
    {
        if (stream.CanSeek && stream.Length - stream.Position > MaxFileBytes)
            throw new InvalidDataException($"{source}: {stream.Length} bytes is too large for a network file");
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var before = copy.Length;
            copy.Write(buffer, 0, read);
            // a file that is not a network (or a device that never ends, such as /dev/zero) fails at once
            if (before < Magic.Length && copy.Length >= Magic.Length && !copy.GetBuffer().AsSpan(0, Magic.Length).SequenceEqual(Magic))
                break;
            if (copy.Length > MaxFileBytes) throw new InvalidDataException($"{source}: more than {MaxFileBytes} bytes is too large for a network file");
        }

        return copy.ToArray();
    }

    private static QNetwork Parse(byte[] bytes, int maxBatch, string source, NetworkShape? expected)
    {
        var data = bytes.AsSpan();
        var prefix = Math.Min(data.Length, Magic.Length);
        if (!data[..prefix].SequenceEqual(Magic.AsSpan(0, prefix)))
            throw Bad(source, "not a DqnLab network file (it does not start with \"DQNLAB-NET\")");
        if (data.Length < Magic.Length + 2)
            throw Bad(source, $"truncated: {data.Length} bytes, too short for even the header");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(data[Magic.Length..]);
        if (version != Version)
            throw Bad(source, $"network file format version {version}; this build reads version {Version} only");

        var at = Magic.Length + 2;
        var inputs = ReadInt(data, ref at, source);
        var hiddenCount = ReadInt(data, ref at, source);
        if (hiddenCount < 0 || hiddenCount > NetworkShape.MaxHiddenLayers)
            throw Bad(source, $"wrong shape: {hiddenCount} hidden layers (the header is corrupt)");
        var hidden = new int[hiddenCount];
        for (var i = 0; i < hiddenCount; i++) hidden[i] = ReadInt(data, ref at, source);
        var outputs = ReadInt(data, ref at, source);
        var activationCode = ReadInt(data, ref at, source);
        var declared = ReadInt(data, ref at, source);
        if (declared < 0)
            throw Bad(source, $"wrong shape: a parameter count of {declared}");

        var expectedLength = (long)at + 4L * declared + 4;
        if (data.Length < expectedLength)
            throw Bad(source, $"truncated: {data.Length} bytes where the header promises {expectedLength} ({declared} parameters)");
        if (data.Length > expectedLength)
            throw Bad(source, $"{data.Length - expectedLength} unexpected bytes after the checksum (the file is {data.Length} bytes, the header promises {expectedLength})");
        var end = (int)expectedLength - 4;
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(data[end..]);
        var computed = Crc32.Compute(data[..end]);
        if (stored != computed)
            throw Bad(source, $"checksum mismatch (stored 0x{stored:X8}, computed 0x{computed:X8}): the file is corrupt");

        if (!Enum.IsDefined((Activation)activationCode))
            throw Bad(source, $"wrong shape: unknown activation code {activationCode}");
        NetworkShape shape;
        int count;
        try
        {
            shape = new NetworkShape(inputs, hidden, outputs, (Activation)activationCode);
            count = shape.ParameterCount;
        }
        catch (ArgumentException e)
        {
            throw Bad(source, $"wrong shape: {e.Message}");
        }

        if (count != declared)
            throw Bad(source, $"wrong shape: a {shape} network has {count} parameters, the file holds {declared}");
        if (expected is not null && !expected.Equals(shape))
            throw Bad(source, $"wrong shape: the file holds a {shape} network, expected {expected}");

        var parameters = new float[declared];
        for (var i = 0; i < declared; i++)
        {
            parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(at + 4 * i)..]);
            if (!float.IsFinite(parameters[i]))
                throw Bad(source, $"weight {i} is {parameters[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}: " +
                                  "the network diverged, so it is not a usable model");
        }

        return QNetwork.FromParameters(shape, maxBatch, parameters);
    }

    private static int ReadInt(ReadOnlySpan<byte> data, ref int at, string source)
    {
        if (at + 4 > data.Length) throw Bad(source, $"truncated: the header ends at byte {data.Length}");
        var value = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
        at += 4;
        return value;
    }

    private static InvalidDataException Bad(string source, string message) => new($"{source}: {message}");
}
