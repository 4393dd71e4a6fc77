//! Drawn annotations: shapes drawn on a paused frame and saved with a comment.
//!
//! Coordinates are normalised to the picture — `x` from 0 (left edge) to 1 (right edge), `y`
//! from 0 (top) to 1 (bottom) — so a drawing made on a 4K original lines up on its 1080p proxy,
//! in a small player or full screen alike. Stroke widths are a fraction of the picture's height
//! for the same reason.
//!
//! The limits below bound what one comment may carry, so a drawing can never be a way to store
//! megabytes in the database or to make every viewer's player draw for seconds. The server
//! checks them with [`Drawing::validate`]; the UI uses the same numbers to stop a pen early.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Most shapes in one drawing.
pub const MAX_SHAPES: usize = 64;
/// Most points over all shapes of one drawing (a pen stroke is sampled as it moves).
pub const MAX_POINTS: usize = 4096;
/// Thinnest stroke, as a fraction of the picture's height.
pub const MIN_WIDTH: f64 = 0.001;
/// Thickest stroke, as a fraction of the picture's height.
pub const MAX_WIDTH: f64 = 0.05;

/// What a shape is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DrawTool {
    /// Freehand: a polyline through every point (at least 2).
    Pen,
    /// A straight line from the first point to the second (exactly 2 points).
    Line,
    /// A line with an arrowhead at the second point (exactly 2).
    Arrow,
    /// The rectangle with opposite corners at the two points (exactly 2).
    Rectangle,
    /// The ellipse inscribed in the rectangle of the two points (exactly 2).
    Ellipse,
}

/// One shape of a drawing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shape {
    pub tool: DrawTool,
    /// `#rrggbb`.
    pub color: String,
    /// Stroke width as a fraction of the picture's height, [`MIN_WIDTH`] to [`MAX_WIDTH`].
    pub width: f64,
    /// `[x, y]` pairs, each from 0 to 1.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<f64>>))]
    pub points: Vec<[f64; 2]>,
}

/// The shapes drawn on a comment's frame, in the order they were drawn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Drawing {
    pub shapes: Vec<Shape>,
}

/// Why a drawing was refused, in words for the `validation` error's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawingError {
    #[error("a drawing needs at least one shape")]
    Empty,
    #[error("a drawing has at most {MAX_SHAPES} shapes")]
    TooManyShapes,
    #[error("a drawing has at most {MAX_POINTS} points in all")]
    TooManyPoints,
    #[error("shape {0}: a {1} needs {2}")]
    PointCount(usize, &'static str, &'static str),
    #[error("shape {0}: every coordinate must be a number from 0 to 1")]
    OutOfRange(usize),
    #[error(
        "shape {0}: the width must be from {MIN_WIDTH} to {MAX_WIDTH} of the picture's height"
    )]
    Width(usize),
    #[error("shape {0}: the colour must be #rrggbb")]
    Color(usize),
}

impl DrawTool {
    /// The tool's name in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pen => "pen",
            Self::Line => "line",
            Self::Arrow => "arrow",
            Self::Rectangle => "rectangle",
            Self::Ellipse => "ellipse",
        }
    }
}

impl Drawing {
    /// Whether the drawing is within every limit: some shapes but not too many, a sensible
    /// number of points per tool, finite coordinates inside the picture, a width in range and a
    /// `#rrggbb` colour.
    pub fn validate(&self) -> Result<(), DrawingError> {
        if self.shapes.is_empty() {
            return Err(DrawingError::Empty);
        }
        if self.shapes.len() > MAX_SHAPES {
            return Err(DrawingError::TooManyShapes);
        }
        let points: usize = self.shapes.iter().map(|s| s.points.len()).sum();
        if points > MAX_POINTS {
            return Err(DrawingError::TooManyPoints);
        }
        for (i, shape) in self.shapes.iter().enumerate() {
            let n = shape.points.len();
            let tool = shape.tool;
            match tool {
                DrawTool::Pen if n < 2 => {
                    return Err(DrawingError::PointCount(
                        i,
                        tool.as_str(),
                        "at least 2 points",
                    ))
                }
                DrawTool::Pen => {}
                _ if n != 2 => {
                    return Err(DrawingError::PointCount(
                        i,
                        tool.as_str(),
                        "exactly 2 points",
                    ))
                }
                _ => {}
            }
            let inside = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
            if !shape.points.iter().all(|[x, y]| inside(*x) && inside(*y)) {
                return Err(DrawingError::OutOfRange(i));
            }
            if !(shape.width.is_finite() && (MIN_WIDTH..=MAX_WIDTH).contains(&shape.width)) {
                return Err(DrawingError::Width(i));
            }
            if !is_hex_colour(&shape.color) {
                return Err(DrawingError::Color(i));
            }
        }
        Ok(())
    }
}

/// `#` and six hex digits.
fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrow() -> Shape {
        Shape {
            tool: DrawTool::Arrow,
            color: "#ff3b30".into(),
            width: 0.005,
            points: vec![[0.1, 0.2], [0.5, 0.5]],
        }
    }

    fn drawing(shapes: Vec<Shape>) -> Drawing {
        Drawing { shapes }
    }

    #[test]
    fn a_plain_arrow_is_valid() {
        assert_eq!(drawing(vec![arrow()]).validate(), Ok(()));
    }

    #[test]
    fn an_empty_drawing_is_refused() {
        assert_eq!(drawing(vec![]).validate(), Err(DrawingError::Empty));
    }

    #[test]
    fn too_many_shapes_or_points_are_refused() {
        let many = drawing(vec![arrow(); MAX_SHAPES + 1]);
        assert_eq!(many.validate(), Err(DrawingError::TooManyShapes));
        let pen = Shape {
            tool: DrawTool::Pen,
            points: vec![[0.5, 0.5]; MAX_POINTS + 1],
            ..arrow()
        };
        assert_eq!(
            drawing(vec![pen]).validate(),
            Err(DrawingError::TooManyPoints)
        );
    }

    #[test]
    fn each_tool_has_its_number_of_points() {
        let one_point_pen = Shape {
            tool: DrawTool::Pen,
            points: vec![[0.5, 0.5]],
            ..arrow()
        };
        assert!(matches!(
            drawing(vec![one_point_pen]).validate(),
            Err(DrawingError::PointCount(0, "pen", _))
        ));
        let three_point_rect = Shape {
            tool: DrawTool::Rectangle,
            points: vec![[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]],
            ..arrow()
        };
        assert!(matches!(
            drawing(vec![arrow(), three_point_rect]).validate(),
            Err(DrawingError::PointCount(1, "rectangle", _))
        ));
    }

    #[test]
    fn coordinates_outside_the_picture_or_not_finite_are_refused() {
        for bad in [-0.01, 1.01, f64::NAN, f64::INFINITY] {
            let shape = Shape {
                points: vec![[0.1, bad], [0.5, 0.5]],
                ..arrow()
            };
            assert_eq!(
                drawing(vec![shape]).validate(),
                Err(DrawingError::OutOfRange(0))
            );
        }
    }

    #[test]
    fn widths_and_colours_are_checked() {
        let thick = Shape {
            width: 0.5,
            ..arrow()
        };
        assert_eq!(drawing(vec![thick]).validate(), Err(DrawingError::Width(0)));
        for colour in ["red", "#ff3b3", "#ff3b3g", "ff3b30a"] {
            let shape = Shape {
                color: colour.into(),
                ..arrow()
            };
            assert_eq!(drawing(vec![shape]).validate(), Err(DrawingError::Color(0)));
        }
    }
}
