namespace Lab.Neural.Tests;

/// <summary>
/// One update of q = w·x + b (a 1-input, 1-output linear network, parameters [w, b]) on one sample,
/// checked against the update rule computed by hand. Every case starts from w = 0.5, b = 0.25 and
/// the sample x = 2, target y = 3, so q = 1.25, d = q − y = −1.75, and for MSE
/// dL/dq = 2d = −3.5, g_w = dL/dq·x = −7, g_b = −3.5 (all exact in binary).
/// </summary>
public sealed class OptimizerTests
{
    private static QNetwork Line(OptimizerSettings optimizer, LossKind loss = LossKind.Mse)
    {
        var net = new QNetwork(new NetworkShape(1, [], 1, Activation.Linear), 1, WeightInit.GlorotUniform, 1, optimizer, loss);
        net.Parameters[0] = 0.5f;
        net.Parameters[1] = 0.25f;
        return net;
    }

    private static float Step(QNetwork net) => net.TrainStep([2f], [0], [3f], 1);

    private static void Near(double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Given_one_sample_when_training_with_mse_then_the_loss_and_gradients_are_the_hand_computed_ones()
    {
        var net = Line(Data.Frozen);
        var loss = Step(net);
        Assert.Equal(3.0625f, loss);          // d² = 1.75²
        Assert.Equal(-7f, net.Gradients[0]);  // 2d·x
        Assert.Equal(-3.5f, net.Gradients[1]); // 2d
    }

    [Fact]
    public void Given_one_sample_beyond_huber_delta_when_training_with_huber_then_the_loss_is_linear_and_the_gradient_is_clipped_to_one()
    {
        var net = Line(Data.Frozen, LossKind.Huber);
        var loss = Step(net);
        Assert.Equal(1.25f, loss);            // |d| − 1/2
        Assert.Equal(-2f, net.Gradients[0]);  // sign(d)·x
        Assert.Equal(-1f, net.Gradients[1]);  // sign(d)
    }

    [Fact]
    public void Given_adam_when_taking_one_step_then_the_parameters_equal_the_hand_computation()
    {
        // Adam, lr 0.1, β1 0.9, β2 0.999, ε 1e-7, t = 1, m = v = 0 before:
        //   m = 0 + (g − 0)(1 − β1) = 0.1·g           → m_w = −0.7,   m_b = −0.35
        //   v = 0 + (g² − 0)(1 − β2) = 0.001·g²       → v_w = 0.049,  v_b = 0.01225
        //   α = lr·sqrt(1 − β2)/(1 − β1) = 0.1·sqrt(0.001)/0.1
        //   θ −= m·α/(sqrt(v) + ε)
        var net = Line(new OptimizerSettings(OptimizerKind.Adam, 0.1, Epsilon: 1e-7));
        Step(net);
        var alpha = 0.1 * Math.Sqrt(0.001) / 0.1;
        var w = 0.5 - (-0.7 * alpha) / (Math.Sqrt(0.049) + 1e-7);     // = 0.5 + 0.1·0.22136/(0.22136 + 1e-7)
        var b = 0.25 - (-0.35 * alpha) / (Math.Sqrt(0.01225) + 1e-7);
        Near(w, net.Parameters[0]);
        Near(b, net.Parameters[1]);
        Near(0.59999995482, net.Parameters[0]);

        // A second step, t = 2, from the new parameters: q = 2w + b, g = 2(q − 3)·(x, 1)
        var q = 2 * w + b;
        double gw = 2 * (q - 3) * 2, gb = 2 * (q - 3);
        double mw = -0.7 + (gw + 0.7) * 0.1, mb = -0.35 + (gb + 0.35) * 0.1;
        double vw = 0.049 + (gw * gw - 0.049) * 0.001, vb = 0.01225 + (gb * gb - 0.01225) * 0.001;
        var alpha2 = 0.1 * Math.Sqrt(1 - 0.999 * 0.999) / (1 - 0.9 * 0.9);
        Step(net);
        Near(w - mw * alpha2 / (Math.Sqrt(vw) + 1e-7), net.Parameters[0]);
        Near(b - mb * alpha2 / (Math.Sqrt(vb) + 1e-7), net.Parameters[1]);
    }

    [Fact]
    public void Given_tensorflow1_rmsprop_when_taking_one_step_then_the_parameters_equal_the_hand_computation()
    {
        // RMSProp as TF1, lr 0.01, ρ 0.9, momentum 0, ε 1e-10; the mean square starts at 1:
        //   ms = 1 + (g² − 1)(1 − ρ)          → ms_w = 1 + 48·0.1 = 5.8, ms_b = 1 + 11.25·0.1 = 2.125
        //   mom = 0 + lr·g/sqrt(ms + ε)       → mom_w = −0.07/sqrt(5.8), mom_b = −0.035/sqrt(2.125)
        //   θ −= mom
        var net = Line(new OptimizerSettings(OptimizerKind.RmsProp, 0.01, Rho: 0.9, Epsilon: 1e-10));
        Step(net);
        Near(0.5 + 0.07 / Math.Sqrt(5.8), net.Parameters[0]);     // 0.529065...
        Near(0.25 + 0.035 / Math.Sqrt(2.125), net.Parameters[1]); // 0.274009...
    }

    [Fact]
    public void Given_rmsprop_with_momentum_when_taking_two_steps_then_the_momentum_accumulates_as_tensorflow1()
    {
        var net = Line(new OptimizerSettings(OptimizerKind.RmsProp, 0.01, Rho: 0.9, Epsilon: 1e-10, Momentum: 0.5));
        Step(net);
        double momW = 0.01 * -7 / Math.Sqrt(5.8), momB = 0.01 * -3.5 / Math.Sqrt(2.125);
        double w = 0.5 - momW, b = 0.25 - momB;
        var q = 2 * w + b;
        double gw = 2 * (q - 3) * 2, gb = 2 * (q - 3);
        double msW = 5.8 + (gw * gw - 5.8) * 0.1, msB = 2.125 + (gb * gb - 2.125) * 0.1;
        momW = 0.5 * momW + 0.01 * gw / Math.Sqrt(msW);
        momB = 0.5 * momB + 0.01 * gb / Math.Sqrt(msB);
        Step(net);
        Near(w - momW, net.Parameters[0]);
        Near(b - momB, net.Parameters[1]);
    }

    [Fact]
    public void Given_sgd_when_taking_one_step_then_theta_moves_by_minus_lr_times_g()
    {
        var net = Line(new OptimizerSettings(OptimizerKind.Sgd, 0.1));
        Step(net);
        float lr = 0.1f, gw = -7f, gb = -3.5f, w = 0.5f, b = 0.25f;
        Assert.Equal(w - gw * lr, net.Parameters[0]); // 1.2 in float32, bit for bit
        Assert.Equal(b - gb * lr, net.Parameters[1]); // 0.6
    }

    [Fact]
    public void Given_sgd_with_momentum_when_the_second_gradient_is_zero_then_the_velocity_still_moves_theta()
    {
        // Keras SGD: v = μ·v − lr·g; θ += v. Step 1: v = (0.7, 0.35) → θ = (1.2, 0.6), so q = 3 = y and
        // step 2's gradient is 0: v = 0.9·v = (0.63, 0.315) → θ = (1.83, 0.915).
        var net = Line(new OptimizerSettings(OptimizerKind.Sgd, 0.1, Momentum: 0.9));
        Step(net);
        Near(1.2, net.Parameters[0]);
        Near(0.6, net.Parameters[1]);
        Step(net);
        Near(1.83, net.Parameters[0]);
        Near(0.915, net.Parameters[1]);
    }

    [Fact]
    public void Given_a_clip_norm_below_the_gradient_norm_when_training_then_the_gradient_is_scaled_to_the_clip_norm()
    {
        // ‖g‖ = sqrt(49 + 12.25) = sqrt(61.25); with clip 1 the applied gradient is g/‖g‖.
        var net = Line(new OptimizerSettings(OptimizerKind.Sgd, 0.1, ClipNorm: 1.0));
        Step(net);
        var norm = Math.Sqrt(61.25);
        Near(-7 / norm, net.Gradients[0]);
        Near(-3.5 / norm, net.Gradients[1]);
        Near(0.5 + 0.1 * 7 / norm, net.Parameters[0]);
        Near(0.25 + 0.1 * 3.5 / norm, net.Parameters[1]);
    }

    [Fact]
    public void Given_a_clip_norm_above_the_gradient_norm_when_training_then_the_gradient_is_untouched()
    {
        var net = Line(new OptimizerSettings(OptimizerKind.Sgd, 0.1, ClipNorm: 100.0));
        Step(net);
        Assert.Equal(-7f, net.Gradients[0]);
        Assert.Equal(-3.5f, net.Gradients[1]);
    }

    [Theory]
    [InlineData(-0.1, 0.9, 0.999, 1e-7, 0.9, 0.0, null)]
    [InlineData(0.1, 1.0, 0.999, 1e-7, 0.9, 0.0, null)]
    [InlineData(0.1, 0.9, 1.5, 1e-7, 0.9, 0.0, null)]
    [InlineData(0.1, 0.9, 0.999, -1.0, 0.9, 0.0, null)]
    [InlineData(0.1, 0.9, 0.999, 1e-7, 1.0, 0.0, null)]
    [InlineData(0.1, 0.9, 0.999, 1e-7, 0.9, -0.5, null)]
    [InlineData(0.1, 0.9, 0.999, 1e-7, 0.9, 0.0, 0.0)]
    public void Given_a_setting_out_of_range_when_building_a_network_then_it_is_refused_by_name(
        double lr, double beta1, double beta2, double eps, double rho, double momentum, double? clip)
    {
        var settings = new OptimizerSettings(OptimizerKind.Adam, lr, beta1, beta2, eps, rho, momentum, clip);
        Assert.Throws<ArgumentOutOfRangeException>(() => Line(settings));
    }
}
