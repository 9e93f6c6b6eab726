import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import {
  EDUCATION, ETHNICITY, GENDER, HEALTH, ID_TYPE, POLITICAL_STATUS, RELATION, SCHOOL_STATUS, WORK_REGION,
} from "@fanpin/domain/collection-form";
import { memberIdNumberProblem } from "@fanpin/domain/household-schemas";
import { Button, Card, Col, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Tag, type ColProps, type FormInstance } from "antd";
import { optionsOf } from "@/lib/format.ts";
import { genderFromIdNumber, newMember, type ListName, type MemberFormValues, type StoredMemberId } from "./values.ts";

const MAX_MEMBERS = 30;

const genderOptions = optionsOf(GENDER.labels);
const idTypeOptions = optionsOf(ID_TYPE.labels);
const relationOptions = optionsOf(RELATION.labels);
const ethnicityOptions = optionsOf(ETHNICITY.labels);
const politicalOptions = optionsOf(POLITICAL_STATUS.labels);
const educationOptions = optionsOf(EDUCATION.labels);
const schoolOptions = optionsOf(SCHOOL_STATUS.labels);
const healthOptions = optionsOf(HEALTH.labels);
const workRegionOptions = optionsOf(WORK_REGION.labels);

/** Four fields a row on a wide page; the case screen (a narrower column) passes three. */
const DEFAULT_COL: ColProps = { xs: 24, md: 12, xl: 6 };

type StoredIdNumberProps = {
  masked: string;
  onReplace: () => void;
  /** Given by Form.Item, so that the label points at the field. */
  id?: string;
};

/** The stored number, masked and read-only, with the way to replace it. */
function StoredIdNumber({ masked, onReplace, id }: StoredIdNumberProps) {
  return (
    <Space.Compact style={{ width: "100%" }}>
      <Input id={id} value={masked} readOnly style={{ fontFamily: "monospace" }} />
      <Button icon={<EditOutlined />} onClick={onReplace}>
        更换证件号码
      </Button>
    </Space.Compact>
  );
}

type MemberListFieldsProps = {
  form: FormInstance;
  /** Where the list lives in the form: ["members"] (household form) or ["collectionForm", "members"]. */
  name?: ListName;
  /** The masked numbers of the members already saved: they keep their number unless the user replaces it. */
  storedMembers?: Record<string, StoredMemberId>;
  /** The column of each field in a member's card, and of the ID number (which holds a button too). */
  col?: ColProps;
  idCol?: ColProps;
};

/**
 * Section 二 of the collection form: one card per member, the head (户主) first.
 * Saved members (in `storedMembers`) show their number masked and read-only.
 */
export function MemberListFields({ form, name = ["members"], storedMembers, col = DEFAULT_COL, idCol = col }: MemberListFieldsProps) {
  // preserve: also the values no field shows (the member id, whether its number is being replaced).
  const members = Form.useWatch(name, { form, preserve: true }) as MemberFormValues[] | undefined;
  const setMemberValue = (index: number, key: string, value: unknown) => form.setFieldValue([...name, index, key], value);

  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Row gutter={[16, 16]}>
          {fields.map((field, index) => {
            const member = members?.[index];
            const stored = member?.id ? storedMembers?.[member.id] : undefined;
            const title = member?.name?.trim() ? `成员 ${index + 1}：${member.name.trim()}` : `成员 ${index + 1}`;
            return (
              <Col span={24} key={field.key}>
                <section aria-label={`成员 ${index + 1}`}>
                  <Card
                    size="small"
                    type="inner"
                    title={
                      <span style={{ display: "inline-flex", gap: 8, alignItems: "center", minWidth: 0 }}>
                        <EllipsisText>{title}</EllipsisText>
                        {member?.relation === "HEAD" && <Tag color="blue">户主</Tag>}
                      </span>
                    }
                    extra={
                      fields.length > 1 ? (
                        <Popconfirm
                          title="删除该成员？"
                          description="保存后生效"
                          okText="删除"
                          cancelText="取消"
                          onConfirm={() => remove(field.name)}
                        >
                          <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除成员 ${index + 1}`}>
                            删除
                          </Button>
                        </Popconfirm>
                      ) : null
                    }
                  >
                    <Row gutter={16}>
                      <Col {...col}>
                        <Form.Item label="姓名" name={[field.name, "name"]} required>
                          <Input maxLength={50} autoComplete="off" />
                        </Form.Item>
                      </Col>
                      <Col {...col}>
                        <Form.Item label="与户主关系" name={[field.name, "relation"]} required>
                          <Select options={relationOptions} placeholder="请选择" showSearch={{ optionFilterProp: "label" }} />
                        </Form.Item>
                      </Col>
                      <Col {...col}>
                        <Form.Item label="证件类型" name={[field.name, "idType"]} required>
                          <Select
                            options={idTypeOptions}
                            onChange={(idType: string) => {
                              // Another document type needs its own number (the stored one belongs to the old type).
                              if (stored && idType !== stored.idType) {
                                setMemberValue(field.name, "changeIdNumber", true);
                              }
                            }}
                          />
                        </Form.Item>
                      </Col>
                      <Col {...idCol}>
                        {stored && !member?.changeIdNumber ? (
                          <Form.Item
                            label="证件号码"
                            name={[field.name, "idNumber"]}
                            extra="保留原证件号码；如需更正，请点“更换证件号码”"
                          >
                            <StoredIdNumber
                              masked={stored.idNumberMasked}
                              onReplace={() => {
                                setMemberValue(field.name, "changeIdNumber", true);
                                setMemberValue(field.name, "idNumber", "");
                              }}
                            />
                          </Form.Item>
                        ) : (
                          <Form.Item
                            label={stored ? "新证件号码" : "证件号码"}
                            name={[field.name, "idNumber"]}
                            required
                            extra={
                              <>
                                {member?.idType === "DISABILITY_CERT" && <div>20 位：身份证号码加残疾类别和等级</div>}
                                {stored && (
                                  <div>
                                    将替换原号码 {stored.idNumberMasked}{" "}
                                    <Button
                                      type="link"
                                      size="small"
                                      style={{ padding: 0, height: "auto" }}
                                      disabled={member?.idType !== stored.idType}
                                      onClick={() => {
                                        setMemberValue(field.name, "changeIdNumber", false);
                                        form.setFields([{ name: [...name, field.name, "idNumber"], value: "", errors: [] }]);
                                      }}
                                    >
                                      不更换
                                    </Button>
                                  </div>
                                )}
                              </>
                            }
                          >
                            <Input
                              maxLength={24}
                              autoComplete="off"
                              spellCheck={false}
                              style={{ fontFamily: "monospace" }}
                              onBlur={(e) => {
                                // Checked on leaving the field, with the API's words; an empty field waits for submit.
                                const typed = e.target.value.trim();
                                if (typed) {
                                  const problem = memberIdNumberProblem(member?.idType ?? undefined, typed);
                                  form.setFields([{ name: [...name, field.name, "idNumber"], errors: problem ? [problem] : [] }]);
                                }
                                // The 17th digit tells the gender: fill it in when the user has not.
                                const gender = genderFromIdNumber(e.target.value);
                                if (gender && !form.getFieldValue([...name, field.name, "gender"])) {
                                  setMemberValue(field.name, "gender", gender);
                                }
                              }}
                            />
                          </Form.Item>
                        )}
                      </Col>
                      <Col {...col}>
                        <Form.Item label="性别" name={[field.name, "gender"]} required>
                          <Select options={genderOptions} placeholder="请选择" />
                        </Form.Item>
                      </Col>
                      <Col {...col}>
                        <Form.Item label="民族" name={[field.name, "ethnicity"]} required>
                          <Select options={ethnicityOptions} showSearch={{ optionFilterProp: "label" }} />
                        </Form.Item>
                      </Col>
                      <Col {...col}>
                        <Form.Item label="政治面貌" name={[field.name, "politicalStatus"]} required>
                          <Select options={politicalOptions} />
                        </Form.Item>
                      </Col>
                      <Col {...col}>
                        <Form.Item label="文化程度" name={[field.name, "education"]} required>
                          <Select options={educationOptions} placeholder="请选择" />
                        </Form.Item>
                      </Col>
                      <Col {...col}>
                        <Form.Item label="在校状况" name={[field.name, "schoolStatus"]} required>
                          <Select options={schoolOptions} />
                        </Form.Item>
                      </Col>
                      <Col {...col}>
                        <Form.Item label="健康状况" name={[field.name, "health"]} required>
                          <Select options={healthOptions} />
                        </Form.Item>
                      </Col>
                      <Col {...col}>
                        <Form.Item label="务工区域" name={[field.name, "workRegion"]} required>
                          <Select options={workRegionOptions} />
                        </Form.Item>
                      </Col>
                      <Col {...col}>
                        <Form.Item label="务工时间（月）" name={[field.name, "workMonths"]} required>
                          <InputNumber<number> style={{ width: "100%" }} min={0} max={12} precision={0} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                </section>
              </Col>
            );
          })}
          <Col span={24}>
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              disabled={fields.length >= MAX_MEMBERS}
              onClick={() => add(newMember(fields.length === 0 ? "HEAD" : undefined))}
            >
              添加家庭成员
            </Button>
          </Col>
        </Row>
      )}
    </Form.List>
  );
}
