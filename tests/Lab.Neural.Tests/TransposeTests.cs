using Lab.Neural.Kernels;

namespace Lab.Neural.Tests;

public sealed class TransposeTests
{
    [Theory]
    [InlineData(4, 2, 37)]
    [InlineData(4, 2, 64)]
    [InlineData(4, 3, 16)]
    [InlineData(6, 2, 5)]
    [InlineData(1, 1, 33)]
    public unsafe void Given_a_row_major_batch_when_moving_it_to_columns_and_back_then_every_value_lands_where_the_layout_says(int ins, int outs, int batch)
    {
        var ld = (batch + 15) / 16 * 16;
        var states = Data.Uniform(batch * ins, -1, 1, 1);
        var columns = Enumerable.Repeat(float.NaN, ins * ld).ToArray();
        var y = Data.Uniform(outs * ld, -1, 1, 2);
        var rows = new float[batch * outs + 1];
        rows[^1] = 42f;
        fixed (float* s = states)
        fixed (float* x = columns)
        fixed (float* py = y)
        fixed (float* q = rows)
        {
            Transpose.ToColumns(s, batch, ins, x, ld);
            Transpose.ToRows(py, batch, outs, q, ld);
        }

        for (var k = 0; k < ins; k++)
            for (var i = 0; i < ld; i++) Assert.Equal(i < batch ? states[i * ins + k] : 0f, columns[k * ld + i]);
        for (var i = 0; i < batch; i++)
            for (var j = 0; j < outs; j++) Assert.Equal(y[j * ld + i], rows[i * outs + j]);
        Assert.Equal(42f, rows[^1]); // nothing written past the batch
    }
}
