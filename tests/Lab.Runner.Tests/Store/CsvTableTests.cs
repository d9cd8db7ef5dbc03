using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Store;

/// <summary>The one CSV reader: whole rows only, columns by name, errors that name the file and line.</summary>
public sealed class CsvTableTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_missing_file_is_null_not_an_empty_table()
    {
        Assert.Null(CsvTable.TryRead(Path.Combine(_temp.Path, "none.csv")));
    }

    [Fact]
    public void Columns_are_found_by_name_whatever_their_order_and_blanks_around_them()
    {
        var table = CsvTable.TryRead(_temp.File("t.csv", "b, a\n2,1\n4,3\n"), "a")!;

        Assert.Equal(1, table.Columns["a"]);
        Assert.Equal([1, 3], table.Rows.Select(r => r.Int("a")));
        Assert.Equal([2, 4], table.Rows.Select(r => r.Int("b")));
    }

    [Fact]
    public void A_last_line_without_its_newline_is_a_row_still_being_written_and_is_left_out()
    {
        var table = CsvTable.TryRead(_temp.File("t.csv", "a\n1\n2\n3"))!;

        Assert.Equal([1, 2], table.Rows.Select(r => r.Int("a")));
    }

    [Fact]
    public void Reading_stops_at_a_row_with_the_wrong_number_of_fields()
    {
        var table = CsvTable.TryRead(_temp.File("t.csv", "a,b\n1,2\n3\n5,6\n"))!;

        Assert.Equal([1], table.Rows.Select(r => r.Int("a")));
    }

    [Fact]
    public void Windows_line_ends_and_blank_lines_are_read_as_plain_rows()
    {
        var table = CsvTable.TryRead(_temp.File("t.csv", "a,b\r\n1,2\r\n\r\n3,4\r\n"))!;

        Assert.Equal([2, 4], table.Rows.Select(r => r.Int("b")));
    }

    [Fact]
    public void A_header_only_file_has_its_columns_and_no_rows()
    {
        var table = CsvTable.TryRead(_temp.File("t.csv", "a,b\n"), "b")!;

        Assert.Empty(table.Rows);
        Assert.Equal(2, table.Columns.Count);
    }

    [Fact]
    public void A_required_column_that_is_missing_is_an_error_naming_file_and_column()
    {
        var path = _temp.File("t.csv", "a\n1\n");

        var error = Assert.Throws<FormatException>(() => CsvTable.TryRead(path, "a", "env_steps"));

        Assert.Contains(path, error.Message);
        Assert.Contains("'env_steps'", error.Message);
    }

    [Fact]
    public void Cells_parse_as_the_writer_prints_them()
    {
        var row = CsvTable.TryRead(_temp.File("t.csv", "n,x,y,z,e,t,f,l\n-3,NaN,-Infinity,1.5E-07,,1,false,9007199254740993\n"))!.Rows[0];

        Assert.Equal(-3, row.Int("n"));
        Assert.True(double.IsNaN(row.Double("x")));
        Assert.Equal(double.NegativeInfinity, row.Double("y"));
        Assert.Equal(1.5e-7, row.Double("z"));
        Assert.True(double.IsNaN(row.Double("e")));
        Assert.True(row.Bool("t"));
        Assert.False(row.Bool("f"));
        Assert.Equal(9007199254740993L, row.Long("l"));
    }

    [Theory]
    [InlineData("n", "1.5")]
    [InlineData("b", "yes")]
    [InlineData("x", "1e")]
    public void A_cell_that_does_not_parse_names_the_file_the_line_the_column_and_the_text(string column, string text)
    {
        var path = _temp.File("t.csv", "n,b,x\n0,0,0\n1.5,yes,1e\n");
        var row = CsvTable.TryRead(path)!.Rows[1];

        var error = Assert.Throws<FormatException>(() => column switch
        {
            "n" => row.Int("n"),
            "b" => row.Bool("b") ? 1 : 0,
            _ => row.Double("x"),
        });

        Assert.Equal($"{path}, line 3: bad {column} '{text}'", error.Message);
    }

    [Fact]
    public void Asking_a_row_for_a_column_the_file_lacks_names_the_column()
    {
        var row = CsvTable.TryRead(_temp.File("t.csv", "a\n1\n"))!.Rows[0];

        var error = Assert.Throws<FormatException>(() => row.Int("updates"));

        Assert.Contains("'updates'", error.Message);
    }
}
