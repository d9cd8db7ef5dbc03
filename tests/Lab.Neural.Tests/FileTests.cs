using System.Buffers.Binary;
using System.Text;
using Lab.Neural.Kernels;

namespace Lab.Neural.Tests;

public sealed class FileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lab-neural-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly NetworkShape Dqn2 = new(4, [32, 16, 8, 4], 2, Activation.Relu);

    private static QNetwork Trained()
    {
        var net = new QNetwork(Dqn2, 32, WeightInit.GlorotUniform, 17, Data.Adam(), LossKind.Huber);
        net.TrainStep(Data.Uniform(32 * 4, -1, 1, 1), Data.Ints(32, 2, 2), Data.Uniform(32, 0, 5, 3), 32);
        return net;
    }

    private byte[] SavedBytes(QNetwork net)
    {
        using var stream = new MemoryStream();
        net.SaveTo(stream);
        return stream.ToArray();
    }

    private string Write(byte[] bytes, string name = "model.dqn")
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] WithChecksum(byte[] bytes)
    {
        var end = bytes.Length - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(end), Crc32.Compute(bytes.AsSpan(0, end)));
        return bytes;
    }

    [Fact]
    public void Given_a_trained_network_when_saved_and_loaded_then_parameters_and_predictions_are_bit_identical()
    {
        var net = Trained();
        var path = Path.Combine(folder, "model.dqn");
        net.Save(path);
        var loaded = QNetwork.Load(path, 64);

        Assert.Equal(Dqn2, loaded.Shape);
        Assert.True(Data.BitEqual(net.Parameters, loaded.Parameters));
        var states = Data.Uniform(20 * 4, -2, 2, 4);
        float[] a = new float[40], b = new float[40];
        net.Predict(states, 20, a);
        loaded.Predict(states, 20, b);
        Assert.True(Data.BitEqual(a, b));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void Given_a_file_when_saving_over_it_then_it_is_replaced_whole_and_no_temporary_file_is_left()
    {
        var path = Write([1, 2, 3]);
        Trained().Save(path);
        Assert.Equal(Dqn2, QNetwork.Load(path, 1).Shape);
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void Given_the_documented_layout_when_reading_the_bytes_then_header_parameters_and_checksum_are_where_docs_say()
    {
        var net = Trained();
        var bytes = SavedBytes(net);
        Assert.Equal("DQNLAB-NET", Encoding.ASCII.GetString(bytes, 0, 10));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10)));
        int[] header = [4, 4, 32, 16, 8, 4, 2, 0, net.ParameterCount];
        for (var i = 0; i < header.Length; i++) Assert.Equal(header[i], BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12 + 4 * i)));
        var start = 12 + 4 * header.Length;
        Assert.Equal(start + 4 * net.ParameterCount + 4, bytes.Length);
        Assert.Equal(net.Parameters[5], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + 20)));
        Assert.Equal(Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)));
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8)); // the CRC-32 check value
    }

    [Fact]
    public void Given_a_stream_when_saving_and_loading_from_it_then_the_network_round_trips()
    {
        var net = Trained();
        using var stream = new MemoryStream(SavedBytes(net));
        var loaded = QNetwork.LoadFrom(stream, 8, "memory");
        Assert.True(Data.BitEqual(net.Parameters, loaded.Parameters));
    }

    [Fact]
    public void Given_one_flipped_bit_in_the_parameters_when_loading_then_a_checksum_error_names_the_file()
    {
        var bytes = SavedBytes(Trained());
        bytes[100] ^= 0x10;
        var path = Write(bytes);
        var error = Assert.Throws<InvalidDataException>(() => QNetwork.Load(path, 8));
        Assert.Contains(path, error.Message);
        Assert.Contains("checksum mismatch", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(30)]
    [InlineData(300)]
    public void Given_a_truncated_file_when_loading_then_the_error_says_truncated_and_names_the_file(int keep)
    {
        var path = Write(SavedBytes(Trained())[..keep]);
        var error = Assert.Throws<InvalidDataException>(() => QNetwork.Load(path, 8));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Given_a_file_missing_its_last_byte_when_loading_then_the_error_says_truncated()
    {
        var bytes = SavedBytes(Trained());
        var path = Write(bytes[..^1]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => QNetwork.Load(path, 8)).Message);
    }

    [Fact]
    public void Given_bytes_after_the_checksum_when_loading_then_the_file_is_refused()
    {
        var path = Write([.. SavedBytes(Trained()), 0]);
        Assert.Contains("unexpected bytes", Assert.Throws<InvalidDataException>(() => QNetwork.Load(path, 8)).Message);
    }

    [Fact]
    public void Given_a_file_of_another_kind_when_loading_then_the_error_says_it_is_not_a_network_file()
    {
        var path = Write(Encoding.ASCII.GetBytes("PK\u0003\u0004 this is a zip, not a network"));
        var error = Assert.Throws<InvalidDataException>(() => QNetwork.Load(path, 8));
        Assert.Contains(path, error.Message);
        Assert.Contains("not a DqnLab network file", error.Message);
    }

    [Fact]
    public void Given_a_newer_format_version_when_loading_then_the_error_names_both_versions()
    {
        var bytes = SavedBytes(Trained());
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), 2);
        var error = Assert.Throws<InvalidDataException>(() => QNetwork.Load(Write(WithChecksum(bytes)), 8));
        Assert.Contains("version 2", error.Message);
        Assert.Contains("version 1", error.Message);
    }

    [Fact]
    public void Given_a_header_whose_shape_does_not_match_the_parameter_count_when_loading_then_the_error_says_wrong_shape()
    {
        // The first hidden layer says 33 units instead of 32; the checksum is recomputed so only the shape is wrong.
        var bytes = SavedBytes(Trained());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), 33);
        var path = Write(WithChecksum(bytes));
        var error = Assert.Throws<InvalidDataException>(() => QNetwork.Load(path, 8));
        Assert.Contains(path, error.Message);
        Assert.Contains("wrong shape", error.Message);
    }

    [Fact]
    public void Given_a_negative_layer_size_when_loading_then_the_error_says_wrong_shape()
    {
        var bytes = SavedBytes(Trained());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), -4);
        var error = Assert.Throws<InvalidDataException>(() => QNetwork.Load(Write(WithChecksum(bytes)), 8));
        Assert.Contains("wrong shape", error.Message);
    }

    [Fact]
    public void Given_an_expected_shape_when_the_file_holds_another_then_the_error_names_both()
    {
        var path = Path.Combine(folder, "model.dqn");
        Trained().Save(path);
        var expected = new NetworkShape(4, [24, 24], 2, Activation.Relu);
        var error = Assert.Throws<InvalidDataException>(() => QNetwork.Load(path, 8, expected));
        Assert.Contains("4-32-16-8-4-2 relu", error.Message);
        Assert.Contains("4-24-24-2 relu", error.Message);
    }

    [Fact]
    public void Given_a_missing_file_when_loading_then_file_not_found_names_it()
    {
        var path = Path.Combine(folder, "absent.dqn");
        Assert.Contains(path, Assert.Throws<FileNotFoundException>(() => QNetwork.Load(path, 8)).Message);
    }
}
